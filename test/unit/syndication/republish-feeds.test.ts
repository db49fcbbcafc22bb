import { describe, expect, it } from 'vitest';
import type { PublishRequested } from '../../../shared/domain/messages.js';
import { republishFeeds } from '../../../shared/usecases/republish-feeds.js';
import { MemoryArticleStore, MemoryFeedPublisher, MemoryMatchStore, MemoryQueue } from '../../support/memory-stores.js';
import { BASE_URL, feedTopic, goldenArticles, goldenMatches, goldenTopics } from './fixtures.js';

const TOKEN = 'cmV2b2tlZC1wYXJ0bmVyLXRva2VuLWZvci10ZXN0cy0x';
const TOPICS = goldenTopics.map(feedTopic);

async function setup(publisher = new MemoryFeedPublisher()) {
  const articles = new MemoryArticleStore();
  const matches = new MemoryMatchStore();
  for (const a of goldenArticles) await articles.putIfAbsent(a);
  for (const m of goldenMatches) await matches.putPending(m);
  const publishQueue = new MemoryQueue<PublishRequested>('publish');
  const deps = (revoked: boolean) => ({
    articles,
    matches,
    publisher,
    publishQueue,
    config: { baseUrl: BASE_URL, itemsPerFeed: 10, topics: TOPICS, partners: [{ id: 'acme', token: TOKEN, topics: [TOPICS[0]!.id], ...(revoked ? { revoked: true } : {}) }] },
  });
  return { publisher, publishQueue, deps };
}

describe('republishFeeds: the deploy trigger of publish-feeds', () => {
  it("deletes a revoked partner's files at once, with no match and no publish request", async () => {
    const { publisher, deps } = await setup();
    expect(await republishFeeds(deps(false))).toMatchObject({ kind: 'republished', deleted: [] });
    const partnerFiles = [...publisher.files.keys()].filter((k) => k.startsWith(`feeds/private/${TOKEN}/`));
    expect(partnerFiles.length).toBeGreaterThan(0);

    const outcome = await republishFeeds(deps(true));
    expect(outcome).toMatchObject({ kind: 'republished', written: 0 });
    expect(outcome.kind === 'republished' && outcome.deleted.sort()).toEqual(partnerFiles.sort());
    expect([...publisher.files.keys()].filter((k) => k.startsWith('feeds/private/'))).toEqual([]);
    expect(publisher.files.has(`feeds/${TOPICS[0]!.id}.xml`)).toBe(true);
  });

  it('hands every topic to the publish queue when it cannot publish, so the deploy goes on and the queue retries', async () => {
    const failing = new MemoryFeedPublisher();
    failing.list = async () => {
      throw new Error('S3 is down');
    };
    const { publishQueue, deps } = await setup(failing);
    expect(await republishFeeds(deps(true))).toEqual({ kind: 'handed-on', topics: TOPICS.length, error: 'S3 is down' });
    expect([...publishQueue.messages.values()].map((m) => m.body.topicId)).toEqual(TOPICS.map((t) => t.id));
  });
});
