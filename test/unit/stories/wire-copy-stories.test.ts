import { describe, expect, it } from 'vitest';
import { WireCopyStories } from '../../../shared/adapters/memory/wire-copy-stories.js';
import type { StoryArticle } from '../../../shared/ports/story-assigner.js';

const article = (id: string, title: string, firstSeen = '2026-11-20T10:00:00.000Z', feedId = `feed-${id}`): StoryArticle => ({ id, feedId, title, text: '', sourceTitle: `Source ${id}`, firstSeen, link: `https://${id}.example/` });

describe('WireCopyStories (the stand-in story grouping)', () => {
  it('makes copies under the same headline on the same day one story, whatever their case, accents and punctuation', async () => {
    const stories = new WireCopyStories();
    const a = await stories.assign(article('a', 'CSTO leaders gather in Minsk for annual summit'));
    const b = await stories.assign(article('b', 'CSTO Leaders Gather in Minsk — for annual summit!', '2026-11-20T23:00:00.000Z'));
    expect(a).toMatchObject({ started: true, evidence: [] });
    expect(b).toEqual({ storyId: a.storyId, started: false, evidence: ['same headline'] });
    // Any process agrees on the id: it needs no memory.
    expect((await new WireCopyStories().assign(article('c', 'csto leaders gather in minsk for annual summit'))).storyId).toBe(a.storyId);
    expect((await stories.coverage([a.storyId])).get(a.storyId)?.map((m) => m.articleId)).toEqual(['a', 'b']);
  });

  it('keeps everything else apart: another day, another headline, a headline too short to tell, a repeat of one article', async () => {
    const stories = new WireCopyStories();
    const first = await stories.assign(article('a', 'CSTO leaders gather in Minsk for annual summit'));
    const nextDay = await stories.assign(article('b', 'CSTO leaders gather in Minsk for annual summit', '2026-11-21T00:00:01.000Z'));
    const other = await stories.assign(article('c', 'CSTO leaders leave Minsk after annual summit'));
    const short1 = await stories.assign(article('d', 'Live updates'));
    const short2 = await stories.assign(article('e', 'Live updates'));
    expect(new Set([first.storyId, nextDay.storyId, other.storyId, short1.storyId, short2.storyId]).size).toBe(5);
    expect([short1.storyId, short2.storyId]).toEqual(['d', 'e']);
    await stories.assign(article('a', 'CSTO leaders gather in Minsk for annual summit'));
    // A story of one article has no coverage to show.
    expect(await stories.coverage([first.storyId, short1.storyId])).toEqual(new Map());
  });
});
