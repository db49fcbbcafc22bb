import { describe, expect, it } from 'vitest';
import { MemoryStoryStore } from '../../../shared/adapters/memory/memory-story-store.js';
import type { StoryArticle } from '../../../shared/ports/story-assigner.js';

const report = (id: string, feedId: string, title: string): StoryArticle => ({
  id,
  feedId,
  title,
  text: 'The bridge at Dilijan closed after a flood; 104 cars were rerouted, mayor Davtyan said.',
  sourceTitle: feedId,
  link: `https://${feedId}.example/${id}`,
  firstSeen: '2026-12-02T10:00:00Z',
});

describe('MemoryStoryStore', () => {
  it("assigns each article once, and lists a story's coverage oldest first, capped, only when it has more than one", async () => {
    const store = new MemoryStoryStore({ maxMembers: 2 });
    expect(await store.assign(report('a', 'wire', 'Bridge at Dilijan closed after flood'))).toEqual({ storyId: 'a', started: true, evidence: [] });
    expect(await store.assign(report('b', 'daily', 'Flood shuts Dilijan bridge'))).toMatchObject({ storyId: 'a', started: false });
    expect(await store.assign(report('b', 'daily', 'Flood shuts Dilijan bridge'))).toEqual({ storyId: 'a', started: false, evidence: [] });
    await store.assign(report('c', 'third', 'Dilijan bridge closed'));
    await store.assign({ ...report('d', 'wire', 'Chess'), text: 'Aronian won the blitz.' });
    const coverage = await store.coverage(['a', 'd', 'nope']);
    expect([...coverage.keys()]).toEqual(['a']);
    expect(coverage.get('a')!.map((m) => [m.articleId, m.feedId, m.link])).toEqual([
      ['a', 'wire', 'https://wire.example/a'],
      ['b', 'daily', 'https://daily.example/b'],
    ]);
  });
});
