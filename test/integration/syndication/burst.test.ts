import { describe, expect, it } from 'vitest';
import type { PublishRequested } from '../../../shared/domain/messages.js';
import type { ArticleMatched } from '../../../shared/domain/topic.js';
import { publishTopicFeeds } from '../../../shared/usecases/publish-feeds.js';
import { anArticle } from '../../support/factories.js';
import { MemoryArticleStore, MemoryFeedPublisher, MemoryMatchStore, MemoryQueue } from '../../support/memory-stores.js';
import { BASE_URL, feedTopic, goldenTopics } from '../../unit/syndication/fixtures.js';

class CountingMatchStore extends MemoryMatchStore {
  reads = 0;
  override async latestForTopic(topicId: string, limit: number): Promise<ArticleMatched[]> {
    this.reads++;
    return super.latestForTopic(topicId, limit);
  }
}

describe('debounce: a burst of matches gives one rebuild per topic', () => {
  it('drains a burst of PublishRequested in one batch and rebuilds each topic once', async () => {
    const articles = new MemoryArticleStore();
    const matches = new CountingMatchStore();
    const queue = new MemoryQueue<PublishRequested>('publish', () => new Date('2026-11-20T12:00:00Z'));
    const publisher = new MemoryFeedPublisher();
    const deps = { articles, matches, publisher, config: { baseUrl: BASE_URL, itemsPerFeed: 50, topics: goldenTopics.map(feedTopic) } };
    await publishTopicFeeds(deps, { topicIds: [] });
    matches.reads = 0;
    const putsBefore = publisher.calls.put;

    // 40 articles match within one poll: fan-out asks for a rebuild of csto 40 times and of the other topic 10 times.
    for (let i = 0; i < 40; i++) {
      const article = anArticle({ id: `burst-${i}`, title: `CSTO burst ${i}` });
      await articles.putIfAbsent(article);
      await matches.putPending({ articleId: article.id, topicId: 'csto', matchedAt: `2026-11-20T11:00:${String(i).padStart(2, '0')}.000Z`, terms: [{ term: 'CSTO', field: 'title', snippet: 'CSTO' }] });
      await queue.send([{ topicId: 'csto' }]);
      if (i % 4 === 0) {
        await matches.putPending({ articleId: article.id, topicId: 'nagorno-karabakh', matchedAt: `2026-11-20T11:00:${String(i).padStart(2, '0')}.500Z`, terms: [{ term: 'Karabakh', field: 'text', snippet: 'Karabakh' }] });
        await queue.send([{ topicId: 'nagorno-karabakh' }]);
      }
    }

    // What the Lambda batch window hands over: one batch, one call.
    const batch = await queue.receive(100, 60);
    expect(batch).toHaveLength(50);
    const result = await publishTopicFeeds(deps, { topicIds: batch.map((m) => m.body.topicId) });
    for (const m of batch) await queue.delete(m.id);

    expect(result.rebuiltTopics).toEqual(['csto', 'nagorno-karabakh']);
    expect(matches.reads).toBe(2);
    // Each changed file is written once: 3 formats × (2 topics + combined).
    expect(publisher.calls.put - putsBefore).toBe(9);
    expect(result.written).toHaveLength(9);
    expect((await queue.depth()).ready).toBe(0);
  });
});
