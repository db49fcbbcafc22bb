import { describe, expect, it } from 'vitest';
import { MemoryPushInbox } from '../../support/memory-push-inbox.js';
import { makeHandler } from '../../../functions/poll-feed/handler.js';
import type { ArticleMatchesHandedOn, PollRequested } from '../../../shared/domain/messages.js';
import { compileTopics } from '../../../shared/domain/topics/index.js';
import type { FeedFetcher, FetchRequest, FetchResult } from '../../../shared/ports/feed-fetcher.js';
import { sampleConfig } from '../../../infra/config/index.js';
import { pollFeedDefinition } from '../../../shared/runtime/composition/poll-feed.js';
import type { ConsumerMeta } from '../../../shared/runtime/sqs-consumer.js';
import { rssFeed } from '../../support/feed-builder.js';
import { inProcessFeedParser } from '../../support/in-process-feed-parser.js';
import { LabelStories } from '../../support/label-stories.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryQueue } from '../../support/memory-stores.js';
import { composeWith, memoryTable } from '../../support/test-ports.js';

/** Serves one RSS item about the CSTO per feed; a URL containing "broken" answers 500. */
class CountingFetcher implements FeedFetcher {
  readonly calls: string[] = [];
  async fetch(req: FetchRequest): Promise<FetchResult> {
    this.calls.push(req.url);
    if (req.url.includes('broken')) return { status: 'error', httpStatus: 500, reason: 'HTTP 500', headers: {}, kind: 'http' };
    const body = rssFeed({ title: 'Source', items: [{ id: `${req.url}#1`, title: 'CSTO summit opens', link: `${req.url}/1` }] });
    return { status: 'ok', httpStatus: 200, finalUrl: req.url, body: new TextEncoder().encode(body), headers: { 'content-type': 'application/rss+xml' } };
  }
}

const FEEDS = [
  { id: 'a', url: 'https://a.example/feed' },
  { id: 'b', url: 'https://b.example/feed' },
  { id: 'broken', url: 'https://broken.example/feed' },
];

/** The poll-feed handler on the definition's own composition, over memory stores; one `batch()` per invocation. */
async function poller() {
  const clock = new ManualClock();
  const table = memoryTable(clock);
  const config = sampleConfig({ feeds: FEEDS });
  const fetcher = new CountingFetcher();
  const fanOut = new MemoryQueue<ArticleMatchesHandedOn>('fan-out', clock.now);
  const inbox = new MemoryPushInbox();
  const metrics: string[] = [];
  const deps = await composeWith(pollFeedDefinition, {
    config,
    clock,
    world: { table, fetcher, feedParser: inProcessFeedParser(), topics: compileTopics(config.topics), stories: new LabelStories(), inbox },
    queues: { 'fan-out': fanOut },
    metrics: { addMetric: (name: string) => void metrics.push(name) } as never,
  });
  let invocation = 0;
  /** One invocation's messages, handled concurrently as the batch processor does. */
  const batch = (...bodies: PollRequested[]) => {
    const handle = makeHandler(deps);
    const meta: ConsumerMeta = { receiveCount: 1, requestId: `request-${++invocation}` };
    return Promise.all(bodies.map((body) => handle(body, meta)));
  };
  return { batch, clock, table, fetcher, fanOut, metrics, inbox };
}

const detail = (outcome: { kind: string; detail?: string; reason?: string }) => outcome.detail ?? outcome.reason;

describe('poll-feed handler', () => {
  it('polls each feed of a batch, and a feed asked for twice in one batch once', async () => {
    const t = await poller();
    const outcomes = await t.batch({ feedId: 'a' }, { feedId: 'b' }, { feedId: 'a' });
    expect(outcomes.map(detail)).toEqual(['ok', 'ok', 'duplicate in batch']);
    expect(t.fetcher.calls.sort()).toEqual(['https://a.example/feed', 'https://b.example/feed']);
  });

  it('polls a forced message after a scheduled one for the same feed was skipped as not due', async () => {
    const t = await poller();
    await t.batch({ feedId: 'a' });
    t.clock.advance({ minutes: 5 });
    const outcomes = await t.batch({ feedId: 'a' }, { feedId: 'a', force: true });
    expect(outcomes.map(detail)).toEqual(['skipped', 'ok']);
    expect(t.fetcher.calls).toHaveLength(2);
  });

  it('drops a scheduled duplicate of a forced poll in the same batch', async () => {
    const t = await poller();
    const outcomes = await t.batch({ feedId: 'a', force: true }, { feedId: 'a' });
    expect(outcomes.map(detail)).toEqual(['ok', 'duplicate in batch']);
    expect(t.fetcher.calls).toHaveLength(1);
  });

  it("polls a forced message once the lease's holder cannot be running any more (a scheduled message still waits)", async () => {
    const t = await poller();
    await t.table.feedStates.acquireLease('a', 'another-invocation', t.clock.now(), new Date(t.clock.now().getTime() + 120_000));
    expect((await t.batch({ feedId: 'a', force: true })).map(detail)).toEqual(['skipped']);
    t.clock.advance({ seconds: 61 });
    expect((await t.batch({ feedId: 'a' })).map(detail)).toEqual(['skipped']);
    expect((await t.batch({ feedId: 'a', force: true })).map(detail)).toEqual(['ok']);
  });

  it('parks a message for a feed that is not configured', async () => {
    const t = await poller();
    expect(await t.batch({ feedId: 'removed' })).toEqual([{ kind: 'park', reason: 'unknown feed "removed"' }]);
    expect(t.fetcher.calls).toEqual([]);
  });

  it('hands new matches on and counts new articles and failed polls', async () => {
    const t = await poller();
    await t.batch({ feedId: 'a' }, { feedId: 'broken' });
    expect([...t.fanOut.messages.values()].map((m) => m.body.matches.map((x) => x.topicId))).toEqual([['csto']]);
    expect(t.metrics.sort()).toEqual(['NewArticles', 'PollFailed', 'Polls', 'Polls']);
  });
});

describe('poll-feed handler, feeds grouped in one message', () => {
  const fetched = (t: { fetcher: CountingFetcher }) => [...t.fetcher.calls].sort();

  it('polls every feed of the group; a broken feed is recorded and backs off without stopping the others', async () => {
    const t = await poller();
    expect(await t.batch({ feedIds: ['a', 'broken', 'b'] })).toEqual([{ kind: 'done', detail: 'polled 3 feeds: ok 2, error 1' }]);
    expect(fetched(t)).toEqual(['https://a.example/feed', 'https://b.example/feed', 'https://broken.example/feed']);
    expect((await t.table.feedStates.get('broken'))?.consecutiveFailures).toBe(1);
    for (const id of ['a', 'b']) expect((await t.table.feedStates.get(id))?.lastSuccessAt, id).toBeDefined();
    expect([...t.fanOut.messages.values()]).toHaveLength(2);
  });

  it('when one poll throws, the others finish first; the message comes back and polls only the feed left', async () => {
    const t = await poller();
    const get = t.table.feedStates.get.bind(t.table.feedStates);
    let unreachable = true;
    t.table.feedStates.get = async (feedId: string) => {
      if (feedId === 'b' && unreachable) throw new Error('table unreachable');
      return get(feedId);
    };
    await expect(t.batch({ feedIds: ['a', 'b'] })).rejects.toThrow('polling 1 of 2 feeds failed: b: table unreachable');
    expect(fetched(t)).toEqual(['https://a.example/feed']);
    expect((await t.table.feedStates.get('a'))?.lastSuccessAt).toBeDefined();

    unreachable = false;
    expect(await t.batch({ feedIds: ['a', 'b'] })).toEqual([{ kind: 'done', detail: 'polled 2 feeds: skipped 1, ok 1' }]);
    expect(fetched(t)).toEqual(['https://a.example/feed', 'https://b.example/feed']);
    expect([...t.fanOut.messages.values()]).toHaveLength(2);
  });

  it('names a group that failed only because the table was throttled as throttled, so it is retried rather than counted as a failed receive', async () => {
    const t = await poller();
    const get = t.table.feedStates.get.bind(t.table.feedStates);
    t.table.feedStates.get = async (feedId: string) => {
      if (feedId !== 'a') throw Object.assign(new Error('throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
      return get(feedId);
    };
    await expect(t.batch({ feedIds: ['a', 'b', 'broken'] })).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException', message: expect.stringContaining('polling 2 of 3 feeds failed') });
    t.table.feedStates.get = async (feedId: string) => {
      if (feedId === 'b') throw new Error('socket hang up');
      if (feedId === 'broken') throw Object.assign(new Error('throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
      return get(feedId);
    };
    t.clock.advance({ hours: 1 });
    await expect(t.batch({ feedIds: ['a', 'b', 'broken'] })).rejects.toMatchObject({ name: 'Error' });
  });

  it("keeps each feed's lease: a feed another invocation holds is skipped, the rest of the group polled", async () => {
    const t = await poller();
    await t.table.feedStates.acquireLease('a', 'another-invocation', t.clock.now(), new Date(t.clock.now().getTime() + 120_000));
    expect(await t.batch({ feedIds: ['a', 'b'] })).toEqual([{ kind: 'done', detail: 'polled 2 feeds: skipped 1, ok 1' }]);
    expect(fetched(t)).toEqual(['https://b.example/feed']);
  });

  it('fetches a feed named by two messages of one batch once, and a feed named twice in a group once', async () => {
    const t = await poller();
    const outcomes = await t.batch({ feedIds: ['a', 'b', 'a'] }, { feedId: 'a' });
    expect(outcomes.map(detail)).toEqual(['polled 2 feeds: ok 2', 'duplicate in batch']);
    expect(fetched(t)).toEqual(['https://a.example/feed', 'https://b.example/feed']);
  });

  it('polls the configured feeds of a group that names a removed one, and parks a group of removed feeds', async () => {
    const t = await poller();
    expect(await t.batch({ feedIds: ['a', 'removed'] })).toEqual([{ kind: 'done', detail: 'polled 1 feeds: ok 1; unknown removed' }]);
    expect(await t.batch({ feedIds: ['gone', 'removed'] })).toEqual([{ kind: 'park', reason: 'unknown feed "gone", "removed"' }]);
    expect(await t.batch({ feedIds: [] })).toEqual([{ kind: 'park', reason: 'the poll message names no feed' }]);
    expect(fetched(t)).toEqual(['https://a.example/feed']);
  });

  describe('a pushed body (WebSub)', () => {
    const pushedFeed = (items: { id: string; title: string }[]) => new TextEncoder().encode(rssFeed({ title: 'Source', items: items.map((i) => ({ ...i, link: `https://a.example/${i.id}` })) }));

    it('goes through the same dedupe, match and outbox as a poll: an item polled earlier is not alerted again', async () => {
      const t = await poller();
      await t.batch({ feedId: 'a' });
      // The scheduled poll's lease lapses by itself; a push a few minutes later takes it.
      t.clock.advance({ minutes: 2 });
      const handedBefore = t.fanOut.messages.size;
      // A hub pushes what changed: the new item only.
      await t.inbox.put('inbox/a/1', pushedFeed([{ id: 'pushed-1', title: 'CSTO drills announced' }]), 'application/rss+xml');
      const [outcome] = await t.batch({ feedId: 'a', pushed: { key: 'inbox/a/1', contentType: 'application/rss+xml' } });
      expect(detail(outcome!)).toBe('pushed: ok');
      expect(t.fanOut.messages.size - handedBefore).toBe(1);
      const handed = [...t.fanOut.messages.values()].at(-1)!.body;
      expect((await t.table.articles.get(handed.articleId))?.title).toBe('CSTO drills announced');
      // The same body pushed again (a hub's retry): nothing new.
      await t.batch({ feedId: 'a', pushed: { key: 'inbox/a/1' } });
      expect(t.fanOut.messages.size - handedBefore).toBe(1);
      // A push fetches nothing and keeps the poll's validators and schedule; the recent ids keep the polled ones too.
      expect(t.fetcher.calls).toEqual(['https://a.example/feed']);
      const state = (await t.table.feedStates.get('a'))!;
      expect(state.lastPushAt).toBe(t.clock.now().toISOString());
      expect(state.pollFoundNewAt).toBeDefined();
      const recent = await t.table.feedStates.getRecentIds('a');
      expect(recent).toHaveLength(2);
      expect(recent[0]).toBe(handed.articleId);
      // The polled item is still known: the next poll neither re-reads nor re-alerts it.
      t.clock.advance({ minutes: 30 });
      await t.batch({ feedId: 'a', force: true });
      expect(t.fanOut.messages.size - handedBefore).toBe(1);
    });

    it('ingests a body carried in the message without reading the inbox, and parks a malformed pushed message with its reason', async () => {
      const t = await poller();
      const body = Buffer.from(pushedFeed([{ id: 'inline-1', title: 'CSTO drills announced' }])).toString('base64');
      const [outcome] = await t.batch({ feedId: 'a', pushed: { body, contentType: 'application/rss+xml' } });
      expect(detail(outcome!)).toBe('pushed: ok');
      const handed = [...t.fanOut.messages.values()].at(-1)!.body;
      expect((await t.table.articles.get(handed.articleId))?.title).toBe('CSTO drills announced');
      expect(t.inbox.objects.size).toBe(0);
      expect(t.fetcher.calls).toEqual([]);
      const parked = await t.batch({ feedId: 'a', pushed: { body: 'not base64!' } } as never);
      expect(parked).toEqual([{ kind: 'park', reason: expect.stringMatching(/^invalid poll message: pushed/) }]);
      expect(await t.batch({ feedIds: ['a'], pushed: { body } })).toEqual([{ kind: 'park', reason: 'a pushed body names no feedId' }]);
    });

    it('waits for a poll that holds the lease, and reports a body gone from the inbox or refused by the parser without failing the feed', async () => {
      const t = await poller();
      await t.inbox.put('inbox/a/2', pushedFeed([{ id: 'p2', title: 'x' }]), undefined);
      await t.table.feedStates.acquireLease('a', 'a-running-poll', t.clock.now(), new Date(t.clock.now().getTime() + 60_000));
      expect(await t.batch({ feedId: 'a', pushed: { key: 'inbox/a/2' } })).toEqual([{ kind: 'retry', delaySeconds: 15, reason: 'a poll of the feed holds its lease' }]);
      await t.table.feedStates.releaseLease('a', 'a-running-poll');
      expect((await t.batch({ feedId: 'a', pushed: { key: 'inbox/a/missing' } })).map(detail)).toEqual([expect.stringContaining('pushed: gone')]);
      await t.inbox.put('inbox/a/3', new TextEncoder().encode('<html>not a feed</html>'), 'text/html');
      expect((await t.batch({ feedId: 'a', pushed: { key: 'inbox/a/3' } })).map(detail)).toEqual([expect.stringContaining('pushed: error (pushed body refused: not a usable feed')]);
      expect((await t.table.feedStates.get('a'))?.consecutiveFailures ?? 0).toBe(0);
    });
  });
});
