import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPT_HTML, GuardedHttpFetcher } from '../../../shared/adapters/http/guarded-fetcher.js';
import { MemoryHostPacer } from '../../../shared/adapters/memory/memory-host-pacer.js';
import { WorkerPageExtractor } from '../../../shared/adapters/worker-threads/worker-page-extractor.js';
import type { FeedSource } from '../../../shared/domain/feed-source.js';
import type { ArticleMatchesHandedOn } from '../../../shared/domain/messages.js';
import { compileTopics } from '../../../shared/domain/topics/index.js';
import type { FullTextDeps } from '../../../shared/usecases/fetch-page-text.js';
import { pollFeed, type PollFeedDeps } from '../../../shared/usecases/poll-feed.js';
import { articlePage, councilParagraphs } from '../../support/article-page.js';
import { rssFeed } from '../../support/feed-builder.js';
import { inProcessFeedParser } from '../../support/in-process-feed-parser.js';
import { LabelStories } from '../../support/label-stories.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryArticleStore, MemoryFeedStateStore, MemoryMatchStore, MemoryQueue } from '../../support/memory-stores.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const ninth = councilParagraphs();
ninth[8] = 'Armenia, which froze its participation after the fighting over Nagorno Karabakh in 2023, sent nobody.';
const CSTO_PAGE = articlePage('CSTO council meets', ninth, { mostRead: ['Karabakh ceasefire holds'], tags: ['Karabakh'] });

/** The article pages of the tests, good and bad, on one loopback server that logs and counts requests in flight. */
const pages: Record<string, Handler> = {
  '/csto': (_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(CSTO_PAGE),
  // Answers a little later, so that requests made at once would overlap on the server.
  '/held': (_, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(CSTO_PAGE), 100),
  '/boilerplate': (_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage('Council meets', councilParagraphs(), { nav: ['Karabakh'], mostRead: ['Karabakh'], tags: ['Karabakh'], footer: ['Karabakh'] })),
  '/missing': (_, res) => res.writeHead(404).end('not here'),
  '/slow': () => undefined, // never answers: the page deadline ends it
  '/pdf': (_, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7 Karabakh'),
  '/loop': (_, res) => res.writeHead(302, { location: '/loop2' }).end(),
  '/loop2': (_, res) => res.writeHead(302, { location: '/loop' }).end(),
  '/huge': (_, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<html><body><article>${'<p>Karabakh. Karabakh. Karabakh.</p>'.repeat(20_000)}</article></body></html>`);
  },
  // No Content-Length: the cap is enforced while reading.
  '/huge-chunked': (_, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'transfer-encoding': 'chunked' });
    for (let i = 0; i < 40; i++) res.write(`<p>${'Karabakh '.repeat(400)}</p>`);
    res.end();
  },
  // Deeply nested markup, as a hostile page might send: refused by the extraction limits, not by the fetch.
  '/nested': (_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>${'<div>'.repeat(5000)}Karabakh${'</div>'.repeat(5000)}</body></html>`),
  '/paywall': (_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage('Council meets', ['Subscribe to read this article about Karabakh.'])),
};

let base = '';
const log: string[] = [];
let inFlight = 0;
let maxInFlight = 0;
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  log.push(path);
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  res.on('close', () => void (inFlight -= 1));
  const page = pages[path];
  if (page) page(req, res);
  else res.writeHead(404).end();
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await extractor.close();
});

const extractor = new WorkerPageExtractor();
const topics = compileTopics([
  { id: 'csto', query: 'CSTO OR "Collective Security Treaty Organization"' },
  { id: 'nagorno-karabakh', query: 'Karabakh' },
]);

function fullText(overrides: Partial<FullTextDeps> = {}, config: Partial<FullTextDeps['config']> = {}): FullTextDeps {
  return {
    pageFetcher: new GuardedHttpFetcher({ allowLoopback: true, timeoutMs: 1500, maxBytes: 64 * 1024, accept: ACCEPT_HTML }),
    extractor,
    pacer: new MemoryHostPacer(0),
    config: { maxPagesPerPoll: 10, pageBudgetMs: 60_000, perPageMs: 10_000, ...config },
    ...overrides,
  };
}

/** A feed of excerpts, each item linking to `links[i]`, served by the feed fetcher double. */
function setup(links: string[], full: FullTextDeps | null = fullText()) {
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  const feedXml = () => rssFeed({ title: 'Excerpts', items: links.map((link, i) => ({ id: `item-${i}-${link}`, title: `Council meets (${i})`, link, description: 'Ministers of the Collective Security Treaty Organization met in Moscow…' })) });
  const deps: PollFeedDeps = {
    fetcher: { fetch: async (req) => ({ status: 'ok', httpStatus: 200, finalUrl: req.url, body: new TextEncoder().encode(feedXml()), headers: { 'content-type': 'application/rss+xml' } }) },
    parser: inProcessFeedParser(),
    feedStates: new MemoryFeedStateStore(),
    articles: new MemoryArticleStore(),
    matches: new MemoryMatchStore(),
    fanOut: new MemoryQueue<ArticleMatchesHandedOn>('fan-out', clock.now),
    topics,
    stories: new LabelStories(),
    clock,
    config: { minIntervalMinutes: 5 },
    leaseHolder: 'test',
    ...(full ? { fullText: full } : {}),
  };
  return deps;
}

const feed: FeedSource = { id: 'excerpts', url: 'https://feeds.example/excerpts.xml' };

describe('poll-feed with article pages (full text), over loopback', () => {
  it('matches a topic named only in the page’s ninth paragraph, says so, and stores the page text', async () => {
    const deps = setup([`${base}/csto`]);
    const result = await pollFeed(deps, { feed });
    expect(result).toMatchObject({ status: 'ok', newArticles: 1, matches: { csto: 1, 'nagorno-karabakh': 1 }, pages: { fetched: 1, failed: 0, skipped: 0 } });
    const [stored] = [...(deps.articles as MemoryArticleStore).items.values()];
    expect(stored!.pageText?.split('\n\n')[8]).toContain('Nagorno Karabakh');
    const [match] = await deps.matches.latestForTopic('nagorno-karabakh', 1);
    expect(match!.terms).toEqual([expect.objectContaining({ term: 'Karabakh', field: 'text', source: 'page', paragraph: 9 })]);
    expect(await deps.feedStates.get('excerpts')).toMatchObject({ pagesFetched: 1, pageFailures: 0, consecutiveFailures: 0 });
  });

  it('without full text (fullText: never, or no page deps) the same item matches only the excerpt’s topic', async () => {
    expect((await pollFeed(setup([`${base}/csto`]), { feed: { ...feed, fullText: 'never' } })).matches).toEqual({ csto: 1 });
    expect((await pollFeed(setup([`${base}/csto`], null), { feed })).matches).toEqual({ csto: 1 });
  });

  it('a topic named only in the page’s navigation, "most read", tags and footer does not match', async () => {
    const result = await pollFeed(setup([`${base}/boilerplate`]), { feed });
    expect(result).toMatchObject({ matches: { csto: 1 }, pages: { fetched: 1 } });
  });

  it.each([
    ['a 404', '/missing', /HTTP 404/, {}],
    ['a page that never answers', '/slow', /timed out after 1500 ms/, {}],
    ['not HTML', '/pdf', /not an HTML page \(application\/pdf\)/, {}],
    ['a redirect loop', '/loop', /more than 5 redirects/, {}],
    ['a page over the size cap', '/huge', /exceeds the 65536-byte cap/, {}],
    ['a page over the size cap, sent without a length', '/huge-chunked', /exceeds the 65536-byte cap/, {}],
    ['a page of 5,000 nested elements', '/nested', /nests elements over 200 deep/, {}],
    ['a paywall stub', '/paywall', /characters of article text|no article text/, {}],
    ['a private address', 'http://192.168.10.20/article', /private|not a public/i, { pageFetcher: new GuardedHttpFetcher({ timeoutMs: 1500, accept: ACCEPT_HTML }) }],
    ['a loopback address when loopback is not allowed', '/csto', /loopback/, { pageFetcher: new GuardedHttpFetcher({ timeoutMs: 1500, accept: ACCEPT_HTML }) }],
  ] as const)('%s falls back to the excerpt, which still matches, and counts in feed health', async (_, path, reason, overrides) => {
    const link = path.startsWith('/') ? `${base}${path}` : path;
    const deps = setup([link], fullText(overrides));
    const result = await pollFeed(deps, { feed });
    expect(result).toMatchObject({ status: 'ok', newArticles: 1, matches: { csto: 1 }, pages: { fetched: 0, failed: 1 } });
    const [stored] = [...(deps.articles as MemoryArticleStore).items.values()];
    expect(stored!.pageText).toBeUndefined();
    const state = await deps.feedStates.get('excerpts');
    expect(state).toMatchObject({ pagesFetched: 0, pageFailures: 1, consecutiveFailures: 0, lastStatus: '200', lastPageErrorAt: '2026-12-01T10:00:00.000Z' });
    expect(state!.lastPageError).toMatch(reason);
    expect(state!.lastPageErrorUrl).toBe(link);
  });

  it('fetches a known article’s page once: a second poll finds it stored and fetches nothing', async () => {
    const deps = setup([`${base}/csto`]);
    await pollFeed(deps, { feed });
    const before = log.length;
    deps.clock = new ManualClock('2026-12-01T11:00:00Z');
    // Another feed carrying the same article: stored already, so not fetched again either.
    const again = await pollFeed(deps, { feed: { ...feed, id: 'other' } });
    expect(again).toMatchObject({ newArticles: 0 });
    expect(again.pages).toBeUndefined();
    expect(log.length).toBe(before);
  });

  it('takes at most the cap of pages per poll; the other items keep their excerpt', async () => {
    const links = Array.from({ length: 5 }, (_, i) => `${base}/csto?n=${i}`);
    const deps = setup(links, fullText({}, { maxPagesPerPoll: 2 }));
    const result = await pollFeed(deps, { feed });
    expect(result).toMatchObject({ newArticles: 5, matches: { csto: 5, 'nagorno-karabakh': 2 }, pages: { fetched: 2, skipped: 3 } });
  });

  it('stops trying a host that did not answer, for the rest of the poll', async () => {
    const deps = setup([`${base}/slow`, `${base}/csto`, `${base}/csto?again`], fullText({}, {}));
    const result = await pollFeed(deps, { feed });
    expect(result.pages).toMatchObject({ fetched: 0, failed: 1, skipped: 2 });
  });

  it('fetches one page at a time from a host, even for two feeds polled at once', async () => {
    maxInFlight = 0;
    const shared = fullText({ pacer: new MemoryHostPacer(0) });
    const a = setup(Array.from({ length: 3 }, (_, i) => `${base}/held?a=${i}`), shared);
    const b = setup(Array.from({ length: 3 }, (_, i) => `${base}/held?b=${i}`), shared);
    const results = await Promise.all([pollFeed(a, { feed }), pollFeed(b, { feed: { ...feed, id: 'b' } })]);
    expect(results.map((r) => r.pages?.fetched)).toEqual([3, 3]);
    expect(maxInFlight).toBe(1);
  });
});
