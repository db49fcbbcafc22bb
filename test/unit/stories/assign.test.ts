import { describe, expect, it } from 'vitest';
import { anchored, articleSignature, chooseStory, DEFAULT_STORY_OPTIONS, similarity, StoryWindow } from '../../../shared/domain/stories/index.js';

const HOUR = 3_600_000;
const sig = (title: string, text: string, hours = 0) => articleSignature({ title, text, time: Date.UTC(2026, 11, 1) + hours * HOUR });

const sotk = sig('Armenian soldier wounded near Sotk', 'A soldier was wounded by fire from Azerbaijani positions near the village of Sotk in Gegharkunik province, the defence ministry said. Private Arman Hovsepyan, 19, is stable.');
const sotkCopy = sig('Soldier wounded near Sotk, condition stable', 'Private Arman Hovsepyan, 19, was wounded near Sotk in Gegharkunik province, the defence ministry said.', 1);
const sotkRu = sig('У Сотка ранен армянский военнослужащий', 'Минобороны Армении сообщило, что 19-летний рядовой Арман Овсепян ранен у села Сотк Гегаркуникской области.', 2);
const tegh = sig('House damaged as shells hit Tegh in Syunik', 'Shells fired from Azerbaijani positions hit the village of Tegh in Syunik province, the defence ministry said. No one was wounded.', 3);

describe('similarity and assignment', () => {
  it('gives the shared names and numbers as evidence, across languages too', () => {
    const same = similarity(sotkCopy, sotk);
    expect(same.crossLanguage).toBe(false);
    expect(same.shared.map((s) => s.label)).toEqual(expect.arrayContaining(['Sotk', 'Hovsepyan', '19']));
    const cross = similarity(sotkRu, sotk);
    expect(cross.crossLanguage).toBe(true);
    expect(cross.shared.map((s) => s.kind)).not.toContain('term');
    expect(cross.shared.map((s) => s.label)).toEqual(expect.arrayContaining(['Сотка', 'Овсепян', '19']));
  });

  it('joins a copy and a translation, not a different incident with the same template', () => {
    const members = [{ storyId: 's1', articleId: 'a1', signature: sotk }];
    expect(chooseStory(sotkCopy, members)?.storyId).toBe('s1');
    expect(chooseStory(sotkRu, members)?.evidence).toEqual(expect.arrayContaining(['name Сотка']));
    expect(anchored(tegh, sotk)).toBe(false);
    expect(chooseStory(tegh, members)).toBeUndefined();
  });

  it('lets a title number carry the anchor alone', () => {
    const a = sig('Central bank cuts rate to 6.5%', 'Inflation was 2.9%.');
    const b = sig('CBA lowers key rate', 'The refinancing rate is now 6.5%, inflation 2.9%.');
    const c = sig('CBA lowers key rate by 0.25 points', 'The refinancing rate is now 6.5%, inflation 2.9%.');
    expect(anchored(c, a)).toBe(true);
    expect(anchored(b, a)).toBe(true);
  });

  it('needs a rare name, number or date: common names and words alone never join', () => {
    const a = sig('Armenia and Azerbaijan', 'Armenia and Azerbaijan talked about peace talks and border talks.');
    const b = sig('Armenia and Azerbaijan', 'Armenia and Azerbaijan talked about peace talks and border talks again.', 1);
    const members = [{ storyId: 's', articleId: 'x', signature: a }];
    expect(chooseStory(b, members)?.storyId).toBe('s');
    expect(chooseStory(b, members, DEFAULT_STORY_OPTIONS, () => 4)?.storyId).toBe('s');
    expect(chooseStory(b, members, DEFAULT_STORY_OPTIONS, () => 5)).toBeUndefined();
  });

  it('does not join across more than the window', () => {
    const late = sig('Soldier wounded near Sotk, condition stable', 'Private Arman Hovsepyan, 19, was wounded near Sotk in Gegharkunik province.', 49);
    expect(chooseStory(late, [{ storyId: 's1', articleId: 'a1', signature: sotk }])).toBeUndefined();
  });
});

describe('StoryWindow', () => {
  it('starts, joins, explains, and forgets articles older than the window', () => {
    const window = new StoryWindow();
    expect(window.assign('a1', sotk)).toMatchObject({ storyId: 'a1', started: true, evidence: [] });
    const joined = window.assign('a2', sotkRu);
    expect(joined).toMatchObject({ storyId: 'a1', started: false });
    expect(joined.evidence.length).toBeGreaterThan(0);
    expect(window.assign('a3', tegh)).toMatchObject({ storyId: 'a3', started: true });
    expect(window.assign('a2', sotkRu)).toMatchObject({ storyId: 'a1', started: false });
    expect(window.size).toBe(3);
    window.assign('a4', sig('Weather', 'Snow in Gyumri.', 100));
    expect(window.size).toBe(1);
    expect(window.storyOfArticle('a1')).toBeUndefined();
    expect(window.assign('a5', sig('Soldier wounded near Sotk, condition stable', 'Private Arman Hovsepyan, 19, was wounded near Sotk.', 100))).toMatchObject({ storyId: 'a5', started: true });
  });
});
