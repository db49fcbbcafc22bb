/**
 * One poll cycle over N loopback feeds of realistic size (15 items, ~12 KB each) where 60 % answer
 * 304: wall time, parses and DynamoDB writes. Stores are the real DynamoDB adapters on dynalite
 * (in memory, in its own process, as DynamoDB is another machine), wrapped to count calls by method;
 * a second run on the in-memory stores separates the polling cost from dynalite's. A warm-up cycle first stores every feed's items (not timed
 * into the cycle figure), then 40 % of the feeds publish two new items and the cycle is measured,
 * polling 32 feeds at a time (as parallel Lambda invocations / an SQS batch would).
 * POLL_BENCH_MEMORY_ONLY=N runs only the in-memory scenario with N feeds (for profiling).
 */
import { MemoryStoryStore } from '../shared/adapters/memory/memory-story-store.js';
import { GuardedHttpFetcher } from '../shared/adapters/http/guarded-fetcher.js';
import { WorkerFeedParser } from '../shared/adapters/worker-threads/worker-feed-parser.js';
import { dynamoStores } from '../shared/adapters/dynamodb/index.js';
import type { ArticleMatchesHandedOn } from '../shared/domain/messages.js';
import { compileTopics } from '../shared/domain/topics/index.js';
import type { FeedParser } from '../shared/ports/feed-parser.js';
import type { ArticleStore, FeedStateStore, MatchStore } from '../shared/ports/stores.js';
import { pollFeed, type PollFeedResult } from '../shared/usecases/poll-feed.js';
import { ensureTable } from '../shared/adapters/dynamodb/index.js';
import { makeDynamoClients } from '../shared/runtime/dynamodb-client.js';
import { counted, MemoryArticleStore, MemoryFeedStateStore, MemoryMatchStore, MemoryQueue } from '../test/support/memory-stores.js';
import type { BenchFigures, BenchOptions } from './run.js';
import { startDynaliteProcess } from './support/dynalite-process.js';
import { startFeedServer } from './support/feed-server.js';

const ITEMS = 15;
const CONCURRENCY = 32;
const WORDS = 'summit leaders security alliance talks border ceasefire agreement minister press economy energy region government parliament election market report statement'.split(' ');

function item(feed: number, n: number): string {
  const words = Array.from({ length: 110 }, (_, i) => WORDS[(feed * 7 + n * 13 + i * 5) % WORDS.length]).join(' ');
  const topical = n % 10 === 0 ? 'CSTO ' : n % 10 === 5 ? 'Nagorno-Karabakh ' : '';
  const date = new Date(Date.UTC(2026, 10, 20, 10, 0, 0) - (1000 - n) * 3_600_000).toUTCString();
  return `<item><title>${topical}Story ${feed}-${n}: ${words.slice(0, 60)}</title><link>https://site${feed}.example/news/${n}?utm_source=rss</link><guid isPermaLink="false">site${feed}-${n}</guid><pubDate>${date}</pubDate><description><![CDATA[<p>${topical}${words}</p><p>${words.slice(0, 300)}</p>]]></description></item>`;
}

function feedXml(feed: number, newest: number): string {
  const items = Array.from({ length: ITEMS }, (_, k) => item(feed, newest - k)).join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site ${feed}</title><link>https://site${feed}.example/</link><description>News from site ${feed}</description>${items}</channel></rss>`;
}

interface Stores {
  articles: ArticleStore;
  matches: MatchStore;
  feedStates: FeedStateStore;
}

async function runCycle(stores: Stores, feeds: { id: string; url: string }[], parser: FeedParser): Promise<{ ms: number; results: PollFeedResult[] }> {
  const fetcher = new GuardedHttpFetcher({ allowLoopback: true, timeoutMs: 20_000 });
  const clock = { now: () => new Date('2026-11-20T12:00:00Z') };
  const deps = {
    fetcher,
    parser,
    ...stores,
    fanOut: new MemoryQueue<ArticleMatchesHandedOn>('fan-out', clock.now),
    topics: compileTopics([
      { id: 'csto', query: 'CSTO' },
      { id: 'nagorno-karabakh', query: '"Nagorno Karabakh" OR Karabakh' },
    ]),
    stories: new MemoryStoryStore(),
    clock,
    config: { minIntervalMinutes: 5, maxIntervalMinutes: 1440 },
    random: () => 0.5,
    leaseHolder: 'bench',
  };
  const results: PollFeedResult[] = [];
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < feeds.length) {
        const feed = feeds[next++]!;
        results.push(await pollFeed(deps, { feed }));
      }
    }),
  );
  return { ms: performance.now() - start, results };
}

const WRITES = ['putIfAbsent', 'putPending', 'markHandedOn', 'put', 'acquireLease', 'releaseLease', 'putRecentIds'];
const sumWrites = (...calls: Record<string, number>[]) => calls.reduce((n, c) => n + WRITES.reduce((m, w) => m + (c[w] ?? 0), 0), 0);

async function scenario(name: string, n: number, makeStores: () => Promise<{ stores: Stores; close: () => Promise<void> }>, opts: BenchOptions): Promise<BenchFigures> {
  const newest = new Map<number, number>(Array.from({ length: n }, (_, i) => [i, 100]));
  const bodies = new Map<number, { body: Buffer; etag: string }>();
  const render = (i: number) => {
    const body = Buffer.from(feedXml(i, newest.get(i)!));
    bodies.set(i, { body, etag: `"f${i}-${newest.get(i)}"` });
  };
  for (let i = 0; i < n; i++) render(i);
  const server = await startFeedServer(bodies);
  const base = server.url;
  const feeds = Array.from({ length: n }, (_, i) => ({ id: `feed-${i}`, url: `${base}/feed/${i}` }));
  const avgBytes = Math.round([...bodies.values()].reduce((s, b) => s + b.body.length, 0) / n);

  const { stores, close } = await makeStores();
  const articles = counted(stores.articles);
  const matches = counted(stores.matches);
  const feedStates = counted(stores.feedStates);
  const countedStores = { articles: articles.store, matches: matches.store, feedStates: feedStates.store };
  // Parsing as poll-feed does it in Lambda: on its worker threads.
  const parser = new WorkerFeedParser();
  try {
    const warm = await runCycle(countedStores, feeds, parser);
    const warmStored = warm.results.reduce((s, r) => s + r.newArticles, 0);

    for (let i = 0; i < n; i++) {
      if (i % 5 < 2) {
        newest.set(i, newest.get(i)! + 2);
        render(i);
      }
    }
    for (const c of [articles.calls, matches.calls, feedStates.calls]) for (const k of Object.keys(c)) delete c[k];

    const cycle = await runCycle(countedStores, feeds, parser);
    const r = cycle.results;
    const notModified = r.filter((x) => x.status === 'not-modified');
    const figures = {
      feeds: n,
      avgFeedBytes: avgBytes,
      warmupMs: Math.round(warm.ms),
      warmupArticlesStored: warmStored,
      cycleMs: Math.round(cycle.ms),
      answered304: notModified.length,
      answered200: r.filter((x) => x.status === 'ok').length,
      errors: r.filter((x) => x.status === 'error' || x.status === 'skipped').length,
      parses: r.filter((x) => x.parsed).length,
      parsesOn304: notModified.filter((x) => x.parsed).length,
      articleWritesOn304: notModified.reduce((s, x) => s + (x.articleWrites ?? 0), 0),
      newArticles: r.reduce((s, x) => s + x.newArticles, 0),
      dynamoWrites: sumWrites(articles.calls, matches.calls, feedStates.calls),
      callsByStore: { articles: { ...articles.calls }, matches: { ...matches.calls }, feedStates: { ...feedStates.calls } },
      articleAndMatchWrites: sumWrites(articles.calls, matches.calls),
      /** Bookkeeping per poll, 304 or not: one lease, one feed-state put. */
      feedStateWrites: sumWrites(feedStates.calls),
    };
    opts.log(
      `[${name}] ${n} feeds (~${avgBytes} B): cycle ${figures.cycleMs} ms; ${figures.answered304}×304, ${figures.answered200}×200, ${figures.errors} errors; ` +
        `${figures.parses} parses (0 on 304: ${figures.parsesOn304 === 0}); ${figures.newArticles} new articles; ` +
        `${figures.dynamoWrites} DynamoDB writes = ${figures.articleAndMatchWrites} article/match + ${figures.feedStateWrites} lease/state/recent-id; warm-up ${figures.warmupMs} ms storing ${warmStored}`,
    );
    return figures;
  } finally {
    await parser.close();
    await close();
    await server.close();
  }
}

/** dynalite in a child process (its own event loop and core, as a remote DynamoDB would be), with the bench table. */
async function startDynaliteTable() {
  const dynalite = await startDynaliteProcess();
  const { client, doc } = makeDynamoClients({ endpoint: dynalite.endpoint });
  await ensureTable(client, 'bench');
  return {
    doc,
    close: async () => {
      client.destroy();
      dynalite.close();
    },
  };
}

export default async function bench(opts: BenchOptions): Promise<BenchFigures> {
  const n = opts.quick ? 100 : 1000;
  if (process.env.POLL_BENCH_MEMORY_ONLY) return { memory: await scenario('memory', Number(process.env.POLL_BENCH_MEMORY_ONLY), async () => ({ stores: { articles: new MemoryArticleStore(), matches: new MemoryMatchStore(), feedStates: new MemoryFeedStateStore() }, close: async () => {} }), opts) };
  const dynalite = await scenario('dynalite', n, async () => {
    const dynamo = await startDynaliteTable();
    const s = dynamoStores(dynamo.doc, 'bench');
    return { stores: { articles: s.articles, matches: s.matches, feedStates: s.feedStates }, close: () => dynamo.close() };
  }, opts);
  const memory = await scenario('memory', n, async () => ({
    stores: { articles: new MemoryArticleStore(), matches: new MemoryMatchStore(), feedStates: new MemoryFeedStateStore() },
    close: async () => {},
  }), opts);
  opts.log(`budget: ≤ 10,000 ms on 2 cores for ${n === 1000 ? 'the' : 'a scaled'} cycle; dynalite ${dynalite.cycleMs} ms, memory stores ${memory.cycleMs} ms`);
  return { dynalite, memory };
}
