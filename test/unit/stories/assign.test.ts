import { describe, expect, it } from 'vitest';
import { anchored, articleSignature, chooseStory, DEFAULT_STORY_OPTIONS, nameKey, sameHeadline, signatureOfArticle, similarity, StoryWindow } from '../../../shared/domain/stories/index.js';
import { configuredCompiledTopics } from '../../support/labelled-stories.js';

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
    const a = sig('Mirzoyan and Bayramov', 'Mirzoyan and Bayramov talked about peace talks and border talks.');
    const b = sig('Mirzoyan and Bayramov', 'Mirzoyan and Bayramov talked about peace talks and border talks again.', 1);
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

/** The false merges found on the sample feeds (world-wire, and the local runtime's pushed title), with the configured topics. */
describe('a topic, a year or a capital is no event', () => {
  const topics = configuredCompiledTopics();
  const at = (title: string, text: string, hours = 0) => signatureOfArticle({ title, text, firstSeen: new Date(Date.UTC(2026, 11, 4) + hours * HOUR).toISOString() }, topics);
  const member = (storyId: string, signature: ReturnType<typeof at>) => ({ storyId, articleId: storyId, signature });
  const talks = at('Peace talks on Nagorno-Karabakh returnees resume in Geneva', 'Negotiators discussed property rights and safe return for people displaced from Nagorno Karabakh in 2023.');
  const film = at("Film festival opens with a documentary about Artsakh's last days", 'The opening film follows families who left Nagorno–Karabakh in September 2023.', 30);
  const skips = at('Armenia skips Collective Security Treaty Organization drills again', 'Yerevan said it would not send troops to the exercises, deepening its freeze of participation in the bloc.');
  const pushedTitle = 'CSTO holds snap air-defence drills near Yerevan';
  const pushed = at(pushedTitle, pushedTitle, 3);

  it.each([
    ['Peace talks on Nagorno-Karabakh returnees', ''],
    ['Families who left Nagorno–Karabakh', ''],
    ['Talks', 'The Nagorno Karabakh question returns, said Pashinyan.'],
    ['Беженцы', 'Переговоры о Нагорном Карабахе продолжатся, сообщил Пашинян.'],
  ])('counts the topic word of "%s %s" as the topic, not as a name', (title, text) => {
    const signature = at(title, text);
    expect(signature.keys).toContain('topic:nagorno-karabakh');
    expect(signature.keys).not.toContain(`n:${nameKey('nagorno')}`);
    if (text) expect(signature.keys).toContain(`n:${nameKey('pashinyan')}`);
  });

  it('keeps a dash-joined name that is not a topic word', () => {
    expect(at('Drills at Sary-Shagan', '').keys).toEqual(expect.arrayContaining([`n:${nameKey('sary')}`, `n:${nameKey('shagan')}`]));
  });

  it('does not join a film to peace talks on their topic and a year', () => {
    expect(chooseStory(film, [member('talks', talks)])).toBeUndefined();
  });

  it('does not join snap drills near Yerevan to Armenia skipping drills, nor to an exhibition in Yerevan', () => {
    expect(chooseStory(pushed, [member('skips', skips)])).toBeUndefined();
    const exhibition = at('В Ереване открылась выставка современного искусства', 'Экспозиция продлится до конца января.', 1);
    expect(chooseStory(pushed, [member('exhibition', exhibition)])).toBeUndefined();
  });

  it('still joins a copy: on the same headline, or on a name of the event beside the topic and the capital, and says so', () => {
    const summit = at('CSTO leaders gather in Minsk for annual summit', 'Heads of state of the Collective Security Treaty Organization met in Minsk on Monday to discuss air defence cooperation and the alliance’s budget for 2027.');
    const copy = at('CSTO leaders gather in Minsk for annual summit', "(World Wire) Heads of state of the Collective Security Treaty Organization met in Minsk on Monday; the wire's copy, as this outlet republished it.", 1);
    expect(chooseStory(copy, [member('summit', summit)])).toMatchObject({ storyId: 'summit', evidence: expect.arrayContaining(['name Minsk', 'topic csto']) });
    const headline = 'CSTO council meets in Minsk to agree on air defence';
    const wire = at(headline, 'The Collective Security Treaty Organization council met on Monday.');
    const daily = at(headline, 'Council members of the CSTO met; the wire reports.', 1);
    expect(sameHeadline(daily, wire)).toBe(true);
    expect(sameHeadline(pushed, skips)).toBe(false);
    expect(chooseStory(daily, [member('wire', wire)])?.storyId).toBe('wire');
    expect(chooseStory(at('CSTO council meets in Astana to agree on air defence', 'Council members of the CSTO met.', 1), [member('wire', wire)])).toBeUndefined();
    const rewrite = at('Geneva round on Karabakh returnees ends without a deal', 'Mediator Ingrid Solheim said talks in Geneva on people displaced from Nagorno-Karabakh in 2023 ended without agreement.', 2);
    const firstReport = at('Peace talks on Nagorno-Karabakh returnees resume in Geneva', 'Mediator Ingrid Solheim opened the round on property rights for people displaced in 2023.');
    expect(chooseStory(rewrite, [member('talks', firstReport)])?.evidence).toEqual(expect.arrayContaining(['name Solheim', 'name Geneva']));
  });
});
