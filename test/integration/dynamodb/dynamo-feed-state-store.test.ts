import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoFeedStateStore } from '../../../shared/adapters/dynamodb/dynamo-feed-state-store.js';
import type { FeedState } from '../../../shared/domain/feed-source.js';
import type { ArticleMatchesHandedOn } from '../../../shared/domain/messages.js';
import { compileTopics } from '../../../shared/domain/topics/index.js';
import type { FetchRequest, FetchResult } from '../../../shared/ports/feed-fetcher.js';
import { nextPollAtFrom } from '../../../shared/domain/polling/schedule.js';
import { pollFeed, type PollFeedDeps } from '../../../shared/usecases/poll-feed.js';
import { LabelStories } from '../../support/label-stories.js';
import { startTestDynamo } from '../../support/dynamodb.js';
import { rssFeed } from '../../support/feed-builder.js';
import { inProcessFeedParser } from '../../support/in-process-feed-parser.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryArticleStore, MemoryMatchStore, MemoryQueue } from '../../support/memory-stores.js';

let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let table: string;
let store: DynamoFeedStateStore;
/** DynamoDB commands sent through the store, by name (`UpdateCommand`, `PutCommand`, …). */
let sent: string[];

const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand', 'TransactWriteCommand']);
const writes = () => sent.filter((name) => WRITES.has(name));

/** The document client, with every command it sends recorded. */
function recording(doc: DynamoDBDocumentClient): DynamoDBDocumentClient {
  return new Proxy(doc, {
    get(target, key, receiver) {
      if (key !== 'send') return Reflect.get(target, key, receiver) as unknown;
      return (command: object, ...rest: unknown[]) => {
        sent.push(command.constructor.name);
        return (target.send as (...a: unknown[]) => unknown)(command, ...rest);
      };
    },
  });
}

const rawItem = async (feedId: string, sk = 'STATE') => (await dynamo.doc.send(new GetCommand({ TableName: table, Key: { pk: `FEED#${feedId}`, sk } }))).Item;
const state = (feedId: string, extra: Partial<FeedState> = {}): FeedState => ({ feedId, url: `https://${feedId}.example/feed`, consecutiveFailures: 0, itemsSeen: 0, ...extra });

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});
beforeEach(async () => {
  table = await dynamo.freshTable();
  sent = [];
  store = new DynamoFeedStateStore(recording(dynamo.doc), table);
});

describe('DynamoFeedStateStore', () => {
  it('puts and gets states, and reads many by key without an index', async () => {
    await store.put(state('a', { itemsSeen: 3, etag: '"x"' }));
    await store.put(state('b', { consecutiveFailures: 2 }));
    expect((await store.get('a'))?.etag).toBe('"x"');
    expect(await store.get('missing')).toBeUndefined();
    expect((await store.getMany(['a', 'b', 'missing', 'a'])).map((s) => s.feedId).sort()).toEqual(['a', 'b']);
    expect(await rawItem('a')).not.toHaveProperty('gsi1pk');
    expect(sent).not.toContain('QueryCommand');
    expect(sent).not.toContain('ScanCommand');
  });

  it('reads more than one batch (100 keys) of states', async () => {
    const ids = Array.from({ length: 130 }, (_, i) => `f${i}`);
    for (const id of ids) await store.put(state(id));
    expect((await store.getMany(ids)).map((s) => s.feedId).sort()).toEqual([...ids].sort());
    expect(sent.filter((n) => n === 'BatchGetCommand')).toHaveLength(2);
  });

  it('holds the lease on the state item: one holder until it expires or is released, the same holder at once', async () => {
    await store.put(state('a', { etag: '"x"' }));
    const now = new Date('2026-11-20T10:00:00Z');
    const later = new Date('2026-11-20T10:01:00Z');
    const taken = await store.acquireLease('a', 'p1', now, later);
    expect(taken).toMatchObject({ poll: 1, state: { feedId: 'a', etag: '"x"', lastPolledAt: now.toISOString(), pollNumber: 1 } });
    expect(await store.acquireLease('a', 'p2', now, later)).toBe(false);
    expect(await store.acquireLease('a', 'p1', now, later)).toMatchObject({ poll: 2 });
    expect(await store.acquireLease('a', 'p2', new Date('2026-11-20T10:02:00Z'), new Date('2026-11-20T10:03:00Z'))).toBeTruthy();
    await store.releaseLease('a', 'p1');
    expect(await store.acquireLease('a', 'p1', new Date('2026-11-20T10:02:30Z'), later)).toBe(false);
    await store.releaseLease('a', 'p2');
    expect(await store.acquireLease('a', 'p1', new Date('2026-11-20T10:02:30Z'), later)).toBeTruthy();
    // A put keeps the lease; the lease never needs its own item.
    await store.put(state('a', { etag: '"y"' }));
    expect(await store.acquireLease('a', 'p2', new Date('2026-11-20T10:00:30Z'), later)).toBe(false);
    expect(await rawItem('a', 'LEASE')).toBeUndefined();
  });

  it('a forced poll takes over a lease whose poll began before the given instant, counting the poll; the holder then has to wait', async () => {
    await store.put(state('a'));
    const now = new Date('2026-11-20T10:00:00Z');
    const later = new Date('2026-11-20T10:02:00Z');
    expect(await store.acquireLease('a', 'scheduled', now, later)).toMatchObject({ poll: 1 });
    const forcedAt = new Date('2026-11-20T10:01:10Z');
    // The holder's poll may still be running if it began after the cut-off: no take-over.
    expect(await store.acquireLease('a', 'forced', forcedAt, later, { takeOverIfStartedBefore: now })).toBe(false);
    expect(await store.acquireLease('a', 'forced', forcedAt, later, { takeOverIfStartedBefore: new Date('2026-11-20T10:00:10Z') })).toMatchObject({ poll: 2, state: { lastPolledAt: forcedAt.toISOString(), pollNumber: 2 } });
    expect(await store.acquireLease('a', 'scheduled', forcedAt, later)).toBe(false);
    expect(await store.acquireLease('a', 'another', forcedAt, later)).toBe(false);
  });

  it('a lease on a feed never polled reads as no state', async () => {
    expect(await store.acquireLease('new', 'p1', new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T10:01:00Z'))).toEqual({ poll: 1, state: undefined });
    expect(await store.get('new')).toBeUndefined();
    expect(await store.getMany(['new'])).toEqual([]);
  });

  it('keeps recent ids on their own item', async () => {
    await store.put(state('a'));
    expect(await store.getRecentIds('a')).toEqual([]);
    await store.putRecentIds('a', ['x', 'y']);
    expect(await store.getRecentIds('a')).toEqual(['x', 'y']);
    expect(await rawItem('a', 'RECENT')).toMatchObject({ ids: ['x', 'y'] });
    expect(JSON.stringify(await rawItem('a'))).not.toContain('"x"');
  });
});

describe('pollFeed on DynamoDB', () => {
  const feed = { id: 'a', url: 'https://a.example/feed' };
  const items = Array.from({ length: 30 }, (_, i) => ({ id: `https://a.example/story/${1000 + i}`, title: `Story ${i}`, published: new Date(Date.UTC(2026, 10, 20, 9) - i * 72 * 60_000) }));
  const body = (n: number) => rssFeed({ title: 'A', items: items.slice(0, n) });

  function setup(etagFor: () => string, text: () => string) {
    const clock = new ManualClock('2026-11-20T10:00:00Z');
    const fetcher = {
      calls: 0,
      async fetch(req: FetchRequest): Promise<FetchResult> {
        fetcher.calls++;
        const etag = etagFor();
        const headers = { etag, 'last-modified': 'Fri, 20 Nov 2026 09:00:00 GMT', 'content-type': 'application/rss+xml' };
        if (req.etag === etag) return { status: 'not-modified', httpStatus: 304, headers };
        return { status: 'ok', httpStatus: 200, finalUrl: req.url, body: new TextEncoder().encode(text()), headers };
      },
    };
    const deps: PollFeedDeps = {
      fetcher,
      parser: inProcessFeedParser(),
      feedStates: store,
      articles: new MemoryArticleStore(),
      matches: new MemoryMatchStore(),
      fanOut: new MemoryQueue<ArticleMatchesHandedOn>('fan-out', clock.now),
      topics: compileTopics([{ id: 'csto', query: 'CSTO' }]),
      stories: new LabelStories(),
      clock,
      config: { minIntervalMinutes: 5, maxIntervalMinutes: 1440 },
      random: () => 0.5,
      leaseHolder: 'lambda-1',
    };
    return { deps, fetcher, clock };
  }

  it('a 304 costs exactly one write; the state item stays under 1 KB; recent ids are read and written on a 200 only', async () => {
    let n = 28;
    const t = setup(() => `"v${n}-${'e'.repeat(40)}"`, () => body(n));
    await pollFeed(t.deps, { feed });
    expect(new Set(writes())).toEqual(new Set(['UpdateCommand', 'PutCommand']));

    let polledAt = '';
    for (let i = 0; i < 3; i++) {
      // Each poll when the last one scheduled it (on the feed's learned clock, not a fixed interval).
      polledAt = t.clock.set((await store.get('a'))!.nextPollAt!).toISOString();
      sent = [];
      const result = await pollFeed(t.deps, { feed, onlyIfDue: true });
      expect(result).toMatchObject({ status: 'not-modified', parsed: false, articleWrites: 0 });
      expect(writes()).toEqual(['UpdateCommand']);
      expect(sent.filter((c) => c === 'GetCommand')).toHaveLength(1);
    }
    const after304 = await store.get('a');
    expect(after304).toMatchObject({ lastStatus: '304', lastPolledAt: polledAt, lastSuccessAt: polledAt, consecutiveFailures: 0, nextPollBasis: 'publishing-rate' });
    // One interval on the feed's own clock (its learned hours) after the poll, as the 304 would have written it.
    expect(after304!.publishingHours).toBeDefined();
    expect(after304!.nextPollAt).toBe(nextPollAtFrom(new Date(after304!.lastPolledAt!), { intervalMinutes: after304!.pollIntervalMinutes!, publishingHours: after304!.publishingHours, floorMinutes: after304!.pollFloorMinutes, ceilingMinutes: after304!.pollCeilingMinutes }).toISOString());

    sent = [];
    n = 30;
    t.clock.set(after304!.nextPollAt!);
    expect(await pollFeed(t.deps, { feed, onlyIfDue: true })).toMatchObject({ status: 'ok', newArticles: 2 });
    // lease, state, recent ids: three writes of one unit each.
    expect(writes()).toEqual(['UpdateCommand', 'UpdateCommand', 'PutCommand']);
    const item = await rawItem('a');
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(1024);
    expect(item).not.toHaveProperty('gsi1pk');
    expect((await store.getRecentIds('a')).length).toBe(30);
  });

  it('a forced 304 costs the lease and its release, even when the clock has not moved (polls are told apart by number)', async () => {
    const t = setup(() => '"same"', () => body(3));
    await pollFeed(t.deps, { feed });
    sent = [];
    expect(await pollFeed(t.deps, { feed })).toMatchObject({ status: 'not-modified' });
    expect(writes()).toEqual(['UpdateCommand', 'UpdateCommand']);
    expect(await store.get('a')).toMatchObject({ lastStatus: '304', pollNumber: 2 });
  });

  it('two scheduled pollers: one polls, the other skips; a forced poll takes the lease over once the first cannot be running', async () => {
    const t = setup(() => '"same"', () => body(3));
    const results = await Promise.all([pollFeed({ ...t.deps, leaseHolder: 'lambda-1' }, { feed, onlyIfDue: true }), pollFeed({ ...t.deps, leaseHolder: 'lambda-2' }, { feed, onlyIfDue: true })]);
    expect(results.map((r) => r.status).sort()).toEqual(['ok', 'skipped']);
    expect(t.fetcher.calls).toBe(1);
    // A forced poll while the first may still run is skipped; once it cannot, it goes.
    expect(await pollFeed({ ...t.deps, leaseHolder: 'lambda-3' }, { feed })).toMatchObject({ status: 'skipped', skipped: 'lease-held' });
    t.clock.advance({ minutes: 3 });
    expect(await pollFeed({ ...t.deps, leaseHolder: 'lambda-3' }, { feed })).toMatchObject({ status: 'not-modified' });
    expect(t.fetcher.calls).toBe(2);
  });
});
