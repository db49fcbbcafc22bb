import { describe, expect, it } from 'vitest';
import type { ArticleMatchesHandedOn } from '../../../shared/domain/messages.js';
import { FeedParseError } from '../../../shared/domain/feed/feed-parse-error.js';
import { compileTopics } from '../../../shared/domain/topics/index.js';
import type { FetchRequest, FetchResult, FeedFetcher } from '../../../shared/ports/feed-fetcher.js';
import { decodePublishingHours, weightOf } from '../../../shared/domain/polling/publishing-hours.js';
import { nextPollAtFrom } from '../../../shared/domain/polling/schedule.js';
import { pollFeed, type PollFeedDeps } from '../../../shared/usecases/poll-feed.js';
import { rssFeed, type FeedDocument } from '../../support/feed-builder.js';
import { inProcessFeedParser } from '../../support/in-process-feed-parser.js';
import { LabelStories } from '../../support/label-stories.js';
import { ManualClock } from '../../support/manual-clock.js';
import { counted, MemoryArticleStore, MemoryFeedStateStore, MemoryMatchStore, MemoryQueue } from '../../support/memory-stores.js';
import { RefusingQueue, type Refusal } from '../../support/refusing-queue.js';

type Responder = (req: FetchRequest) => FetchResult;

/** A fetcher double answering per URL from a script (the real one is tested against loopback servers). */
class ScriptedFetcher implements FeedFetcher {
  readonly calls: FetchRequest[] = [];
  constructor(readonly routes: Map<string, Responder>) {}
  async fetch(req: FetchRequest): Promise<FetchResult> {
    this.calls.push(req);
    const route = this.routes.get(req.url);
    if (!route) return { status: 'error', httpStatus: 404, reason: 'HTTP 404', headers: {}, kind: 'http' };
    return route(req);
  }
}

const rss = (items: FeedDocument['items'], channel: Omit<FeedDocument, 'items'> = {}) => rssFeed({ title: 'Source', ...channel, items });

/** Serves `body()` with an ETag; answers 304 when the client's validator matches. */
function servedWithEtag(body: () => string, headers: Record<string, string> = {}): Responder {
  return (req) => {
    const text = body();
    const etag = `"${text.length}-${[...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)}"`;
    if (req.etag === etag) return { status: 'not-modified', httpStatus: 304, headers: { etag, ...headers } };
    return { status: 'ok', httpStatus: 200, finalUrl: req.url, body: new TextEncoder().encode(text), headers: { 'content-type': 'application/rss+xml', etag, ...headers } };
  };
}

function setup(routes: Map<string, Responder>) {
  const clock = new ManualClock('2026-11-20T10:00:00Z');
  const articles = counted(new MemoryArticleStore());
  const matches = counted(new MemoryMatchStore());
  const stateCalls = counted(new MemoryFeedStateStore());
  const feedStates = stateCalls.store;
  const fanOut = new MemoryQueue<ArticleMatchesHandedOn>('fan-out', clock.now);
  const fetcher = new ScriptedFetcher(routes);
  const stories = new LabelStories();
  const deps: PollFeedDeps = {
    fetcher,
    parser: inProcessFeedParser(),
    feedStates,
    articles: articles.store,
    matches: matches.store,
    fanOut,
    topics: compileTopics([{ id: 'csto', query: 'CSTO' }]),
    stories,
    clock,
    config: { minIntervalMinutes: 5, maxIntervalMinutes: 1440 },
    random: () => 0.5,
    leaseHolder: 'test',
  };
  return { deps, articles, matches, feedStates, stateCalls: stateCalls.calls, fanOut, fetcher, clock, stories };
}

const feedA = { id: 'a', url: 'https://a.example/feed' };
const feedB = { id: 'b', url: 'https://b.example/feed' };

describe('pollFeed', () => {
  it('stores new articles once, hands matches on, records health and schedules the next poll', async () => {
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss([{ id: 'g1', title: 'CSTO summit opens', link: 'https://a.example/1', published: 'Fri, 20 Nov 2026 09:00:00 GMT' }, { id: 'g2', title: 'Weather', link: 'https://a.example/2' }], { ttl: 60 }))]]));
    const result = await pollFeed(t.deps, { feed: feedA });
    expect(result).toMatchObject({ status: 'ok', newArticles: 2, matches: { csto: 1 }, parsed: true, articleWrites: 2, httpStatus: 200 });
    expect(t.articles.store.items.size).toBe(2);
    expect((await t.fanOut.depth()).ready).toBe(1);
    const state = await t.feedStates.get('a');
    expect(state).toMatchObject({ consecutiveFailures: 0, itemsSeen: 2, lastStatus: '200', lastSuccessAt: '2026-11-20T10:00:00.000Z', pollIntervalMinutes: 1440, nextPollBasis: 'publishing-rate' });
    // One dated item (Friday 9:00) taught its hours a little: a day of the feed's own clock ends before 24 h of wall time.
    expect(state?.publishingHours).toBeDefined();
    expect(state!.nextPollAt! <= '2026-11-21T10:00:00.000Z').toBe(true);
    expect(state!.nextPollAt! > '2026-11-21T00:00:00.000Z').toBe(true);
    expect(state?.etag).toBeDefined();
  });

  it('records the WebSub hub the feed announces (Link header first), the self URL only when it is not the URL polled, and forgets a hub the feed drops', async () => {
    let link = '<https://hub.example/>; rel="hub", <https://a.example/feed>; rel="self"';
    let withHub = true;
    const t = setup(new Map<string, Responder>([[feedA.url, (): FetchResult => ({ status: 'ok', httpStatus: 200, finalUrl: feedA.url, body: new TextEncoder().encode(withHub ? `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><link rel="hub" href="https://doc-hub.example/"/><link rel="self" href="https://a.example/canonical"/></feed>` : rss([])), headers: withHub ? { 'content-type': 'application/atom+xml', link } : { 'content-type': 'application/rss+xml' } as Record<string, string> })]]));
    await pollFeed(t.deps, { feed: feedA });
    expect(await t.feedStates.get('a')).toMatchObject({ hub: 'https://hub.example/', selfUrl: undefined });
    link = '';
    t.clock.advance({ minutes: 10 });
    await pollFeed(t.deps, { feed: feedA });
    expect(await t.feedStates.get('a')).toMatchObject({ hub: 'https://doc-hub.example/', selfUrl: 'https://a.example/canonical' });
    withHub = false;
    t.clock.advance({ minutes: 10 });
    await pollFeed(t.deps, { feed: feedA });
    const state = (await t.feedStates.get('a'))!;
    expect(state.hub).toBeUndefined();
    expect(state.selfUrl).toBeUndefined();
  });

  it('learns the feed\'s publishing hours: on its first poll from its dated items, then from each new item', async () => {
    const items: FeedDocument['items'] = [
      { id: 'g1', title: 'One', published: 'Thu, 19 Nov 2026 09:00:00 GMT' },
      { id: 'g2', title: 'Two', published: 'Thu, 19 Nov 2026 09:30:00 GMT' },
      { id: 'g3', title: 'Undated: on a first poll, no time to learn from' },
    ];
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss(items))]]));
    await pollFeed(t.deps, { feed: feedA });
    const first = decodePublishingHours((await t.feedStates.get('a'))?.publishingHours);
    expect(weightOf(first!)).toBe(2);
    expect(first!.hours[9]).toBeCloseTo(2, 1);
    // An undated new item counts when it was first seen (10:40, in hour 10); the known ones do not count again.
    t.clock.advance({ minutes: 40 });
    items.unshift({ id: 'g4', title: 'Four, undated' });
    await pollFeed(t.deps, { feed: feedA });
    const second = decodePublishingHours((await t.feedStates.get('a'))?.publishingHours);
    expect(weightOf(second!)).toBeCloseTo(3, 1);
    expect(second!.hours[10]).toBeCloseTo(1, 1);
    // With learning off, the state carries no hours and the schedule is every hour alike.
    const off = setup(new Map([[feedA.url, servedWithEtag(() => rss(items))]]));
    off.deps.config.learnPublishingHours = false;
    await pollFeed(off.deps, { feed: feedA });
    expect((await off.feedStates.get('a'))).toMatchObject({ publishingHours: undefined, pollFloorMinutes: undefined });
  });

  it('a 304 costs no parse and no article or match write', async () => {
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss([{ id: 'g1', title: 'CSTO summit', link: 'https://a.example/1' }]))]]));
    await pollFeed(t.deps, { feed: feedA });
    const writesBefore = { ...t.articles.calls, ...t.matches.calls };
    t.clock.advance({ minutes: 30 });
    const result = await pollFeed(t.deps, { feed: feedA });
    expect(result).toMatchObject({ status: 'not-modified', parsed: false, articleWrites: 0, newArticles: 0 });
    expect({ ...t.articles.calls, ...t.matches.calls }).toEqual(writesBefore);
    expect(t.fetcher.calls.at(-1)?.etag).toBeDefined();
    expect((await t.feedStates.get('a'))?.lastStatus).toBe('304');
  });

  it('a 304 costs one store write: the lease, which records the poll; the state reads as the 304 left it', async () => {
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss([{ id: 'g1', title: 'One', published: 'Fri, 20 Nov 2026 09:00:00 GMT' }, { id: 'g2', title: 'Two', published: 'Fri, 20 Nov 2026 08:00:00 GMT' }]))]]));
    await pollFeed(t.deps, { feed: feedA });
    const after200 = (await t.feedStates.get('a'))!;
    for (const k of Object.keys(t.stateCalls)) delete t.stateCalls[k];
    t.clock.set(after200.nextPollAt!);
    const next = nextPollAtFrom(t.clock.now(), { intervalMinutes: after200.pollIntervalMinutes!, publishingHours: after200.publishingHours, floorMinutes: after200.pollFloorMinutes, ceilingMinutes: after200.pollCeilingMinutes }).toISOString();
    expect(await pollFeed(t.deps, { feed: feedA, onlyIfDue: true })).toMatchObject({ status: 'not-modified', nextPollAt: next });
    expect(t.stateCalls).toEqual({ get: 1, acquireLease: 1 });
    expect(await t.feedStates.get('a')).toEqual({ ...after200, pollNumber: 2, lastPolledAt: t.clock.now().toISOString(), lastSuccessAt: t.clock.now().toISOString(), lastStatus: '304', nextPollAt: next });
  });

  it.each([
    // Every hour alike: the hint is what this asks about (the learned hours' floor is tested in schedule.test.ts).
    ['a 304 asking for a longer interval writes its new schedule', { 'cache-control': 'max-age=7200' }, false, 1, { pollIntervalMinutes: 120, nextPollBasis: 'cache-control', consecutiveFailures: 0 }, false],
    ['a 304 after a failure reads as reset, with no state write', {}, true, 0, { consecutiveFailures: 0, nextPollBasis: 'previous-interval', lastError: 'HTTP 500' }, true],
    ['a 304 after a failure reads as reset, with no state write, every hour alike', {}, true, 0, { consecutiveFailures: 0, nextPollBasis: 'previous-interval', lastError: 'HTTP 500' }, false],
  ])('%s', async (_name, headersOn304, failFirst, puts, expected, learn) => {
    let fail = false;
    const served = servedWithEtag(() => rss([{ id: 'g1', title: 'One', published: 'Fri, 20 Nov 2026 09:00:00 GMT' }, { id: 'g2', title: 'Two', published: 'Fri, 20 Nov 2026 08:00:00 GMT' }]));
    const t = setup(
      new Map<string, Responder>([
        [
          feedA.url,
          (req) => {
            if (fail) return { status: 'error', httpStatus: 500, reason: 'HTTP 500', headers: {}, kind: 'http' };
            const answer = served(req);
            return answer.status === 'not-modified' ? { ...answer, headers: { ...answer.headers, ...headersOn304 } } : answer;
          },
        ],
      ]),
    );
    t.deps.config.learnPublishingHours = learn;
    await pollFeed(t.deps, { feed: feedA });
    if (failFirst) {
      fail = true;
      t.clock.advance({ minutes: 30 });
      await pollFeed(t.deps, { feed: feedA });
      expect((await t.feedStates.get('a'))?.consecutiveFailures).toBe(1);
      fail = false;
    }
    t.clock.advance({ minutes: 30 });
    t.stateCalls.put = 0;
    const result = await pollFeed(t.deps, { feed: feedA });
    expect(result.status).toBe('not-modified');
    expect(t.stateCalls.put).toBe(puts);
    const state = await t.feedStates.get('a');
    expect(state).toMatchObject({ lastStatus: '304', lastSuccessAt: t.clock.now().toISOString(), nextPollAt: result.nextPollAt, ...expected });
  });

  it('keeps recent ids on their own record: read and written on a 200 with unseen items only', async () => {
    const items = [{ id: 'g1', title: 'One' }];
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss(items))]]));
    await pollFeed(t.deps, { feed: feedA });
    expect(t.stateCalls).toMatchObject({ getRecentIds: 1, putRecentIds: 1 });
    t.clock.advance({ days: 1 });
    expect((await pollFeed(t.deps, { feed: feedA })).status).toBe('not-modified');
    expect(t.stateCalls).toMatchObject({ getRecentIds: 1, putRecentIds: 1 });
    items.unshift({ id: 'g2', title: 'Two' });
    t.clock.advance({ days: 1 });
    await pollFeed(t.deps, { feed: feedA });
    expect(t.stateCalls).toMatchObject({ getRecentIds: 2, putRecentIds: 2 });
    const [g1, g2] = t.articles.store.items.keys();
    expect(await t.feedStates.getRecentIds('a')).toEqual([g2, g1]);
    expect(await t.feedStates.get('a')).not.toHaveProperty('recentIds');
  });

  it('looks up only the items it has not seen in this feed before', async () => {
    const items = [{ id: 'g1', title: 'One' }, { id: 'g2', title: 'Two' }];
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss(items))]]));
    await pollFeed(t.deps, { feed: feedA });
    const reads = t.articles.calls.get ?? 0;
    items.unshift({ id: 'g3', title: 'Three' });
    t.clock.advance({ minutes: 30 });
    expect(await pollFeed(t.deps, { feed: feedA })).toMatchObject({ status: 'ok', newArticles: 1, parsed: true });
    expect((t.articles.calls.get ?? 0) - reads).toBe(1);
  });

  it('stores and alerts once for the same article in two feeds', async () => {
    const shared = { title: 'CSTO summit opens', link: 'https://news.example/story?utm_source=a' };
    const t = setup(
      new Map([
        [feedA.url, servedWithEtag(() => rss([{ id: 'https://news.example/story', ...shared }]))],
        [feedB.url, servedWithEtag(() => rss([{ ...shared, link: 'http://news.example/story?utm_medium=rss' }]))],
      ]),
    );
    await pollFeed(t.deps, { feed: feedA });
    const second = await pollFeed(t.deps, { feed: feedB });
    expect(second).toMatchObject({ status: 'ok', newArticles: 0, matches: {} });
    expect(t.articles.store.items.size).toBe(1);
    expect((await t.fanOut.depth()).ready).toBe(1);
  });

  it("records each new article's story on the article, its matches and its hand-on message, assigned from the text it matched on", async () => {
    const t = setup(
      new Map([
        [feedA.url, servedWithEtag(() => rss([{ id: 'a1', title: 'CSTO summit opens [story s1]', link: 'https://a.example/1', description: 'Leaders met in Minsk.' }, { id: 'a2', title: 'Weather' }], { title: 'Outlet A' }))],
        [feedB.url, servedWithEtag(() => rss([{ id: 'b1', title: 'CSTO leaders gather [story s1]', link: 'https://b.example/1' }], { title: 'Outlet B' }))],
      ]),
    );
    await pollFeed(t.deps, { feed: feedA });
    await pollFeed(t.deps, { feed: feedB });
    // Every new article is assigned, matched or not, with what it was matched on.
    expect(t.stories.assigned.map((a) => [a.title, a.feedId, a.sourceTitle])).toEqual([
      ['CSTO summit opens [story s1]', 'a', 'Outlet A'],
      ['Weather', 'a', 'Outlet A'],
      ['CSTO leaders gather [story s1]', 'b', 'Outlet B'],
    ]);
    expect(t.stories.assigned[0]).toMatchObject({ text: 'Leaders met in Minsk.', link: 'https://a.example/1' });
    const stored = new Map([...t.articles.store.items.values()].map((a) => [a.title, a]));
    const [a1, b1, weather] = ['CSTO summit opens [story s1]', 'CSTO leaders gather [story s1]', 'Weather'].map((title) => stored.get(title)!);
    expect([a1!.storyId, b1!.storyId, weather!.storyId]).toEqual(['story-s1', 'story-s1', weather!.id]);
    expect((await t.matches.store.latestForTopic('csto', 10)).map((m) => [m.articleId, m.storyId]).sort()).toEqual(
      [
        [a1!.id, 'story-s1'],
        [b1!.id, 'story-s1'],
      ].sort(),
    );
    const handed = (await t.fanOut.receive(10, 30)).map((m) => m.body);
    expect(handed.map((m) => [m.articleId, m.storyId])).toEqual([
      [a1!.id, 'story-s1'],
      [b1!.id, 'story-s1'],
    ]);
  });

  it('does not re-alert when a title or date changes, and never re-sends an entry without id, link or title', async () => {
    let title = 'CSTO summit opens';
    let date = 'Fri, 20 Nov 2026 09:00:00 GMT';
    const t = setup(
      new Map([
        [
          feedA.url,
          (req) => ({
            status: 'ok',
            httpStatus: 200,
            finalUrl: req.url,
            headers: {},
            body: new TextEncoder().encode(rss([{ description: 'CSTO untitled note' }, { id: 'g1', title, published: date }])),
          }),
        ],
      ]),
    );
    await pollFeed(t.deps, { feed: feedA });
    title = 'CSTO summit opens (updated)';
    date = 'Fri, 20 Nov 2026 09:30:00 GMT';
    t.clock.advance({ minutes: 10 });
    const again = await pollFeed(t.deps, { feed: feedA });
    expect(again).toMatchObject({ newArticles: 0, articleWrites: 0 });
    expect((await t.fanOut.depth()).ready).toBe(2);
  });

  it.each([301, 308])('follows a %i: the stored URL moves', async () => {
    const t = setup(new Map<string, Responder>([[feedA.url, (): FetchResult => ({ status: 'ok', httpStatus: 200, finalUrl: 'https://new.example/feed', permanentUrl: 'https://new.example/feed', body: new TextEncoder().encode(rss([{ id: 'x', title: 't' }])), headers: {} })]]));
    t.fetcher.routes.set('https://new.example/feed', servedWithEtag(() => rss([{ id: 'x', title: 't' }])));
    const result = await pollFeed(t.deps, { feed: feedA });
    expect(result.movedTo).toBe('https://new.example/feed');
    expect(await t.feedStates.get('a')).toMatchObject({ url: 'https://new.example/feed', movedFrom: feedA.url, configuredUrl: feedA.url });
    t.clock.advance({ minutes: 60 });
    await pollFeed(t.deps, { feed: feedA });
    expect(t.fetcher.calls.at(-1)?.url).toBe('https://new.example/feed');
  });

  it('disables a feed on 410 and says so; a new URL in config starts it afresh', async () => {
    const t = setup(new Map([[feedA.url, () => ({ status: 'gone', httpStatus: 410, headers: {} })]]));
    const gone = await pollFeed(t.deps, { feed: feedA });
    expect(gone.status).toBe('gone');
    expect(gone.error).toMatch(/410/);
    expect(await t.feedStates.get('a')).toMatchObject({ disabled: true, disabledReason: expect.stringMatching(/gone/) });
    t.clock.advance({ days: 2 });
    expect(await pollFeed(t.deps, { feed: feedA })).toMatchObject({ status: 'skipped', skipped: 'disabled' });
    expect(t.fetcher.calls).toHaveLength(1);

    t.fetcher.routes.set('https://a.example/new-feed', servedWithEtag(() => rss([{ id: 'n', title: 'back' }])));
    expect(await pollFeed(t.deps, { feed: { ...feedA, url: 'https://a.example/new-feed' } })).toMatchObject({ status: 'ok', newArticles: 1 });
    expect((await t.feedStates.get('a'))?.disabled).toBeUndefined();
  });

  it('backs off exponentially with jitter, honours Retry-After, and resets on success', async () => {
    let up = false;
    const t = setup(new Map([[feedA.url, (req) => (up ? servedWithEtag(() => rss([{ id: 'g', title: 't' }]))(req) : { status: 'error', httpStatus: 500, reason: 'HTTP 500', headers: {}, kind: 'http' })]]));
    const intervals: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await pollFeed(t.deps, { feed: feedA });
      expect(r.status).toBe('error');
      const s = (await t.feedStates.get('a'))!;
      intervals.push(s.pollIntervalMinutes!);
      t.clock.advance({ minutes: s.pollIntervalMinutes! });
    }
    expect(intervals).toEqual([5, 7.5, 15, 30]);
    expect((await t.feedStates.get('a'))).toMatchObject({ consecutiveFailures: 4, lastError: 'HTTP 500', lastStatus: '500' });

    t.fetcher.routes.set(feedA.url, () => ({ status: 'error', httpStatus: 503, reason: 'HTTP 503', headers: { 'retry-after': '7200' }, kind: 'http' }));
    await pollFeed(t.deps, { feed: feedA });
    expect(await t.feedStates.get('a')).toMatchObject({ pollIntervalMinutes: 120, nextPollBasis: 'retry-after', consecutiveFailures: 5 });

    up = true;
    t.fetcher.routes.set(feedA.url, (req) => servedWithEtag(() => rss([{ id: 'g', title: 't' }]))(req));
    t.clock.advance({ minutes: 120 });
    await pollFeed(t.deps, { feed: feedA });
    expect((await t.feedStates.get('a'))?.consecutiveFailures).toBe(0);
  });

  it('remembers since when a feed fails (its first failure), until a 200 or a 304 clears it; a 410 counts as failing', async () => {
    let answer: 'error' | 'ok' = 'ok';
    const served = servedWithEtag(() => rss([{ id: 'g', title: 't' }]));
    const t = setup(new Map([[feedA.url, (req) => (answer === 'ok' ? served(req) : { status: 'error', httpStatus: 500, reason: 'HTTP 500', headers: {}, kind: 'http' })]]));
    const pollAfter = async (minutes: number) => {
      t.clock.advance({ minutes });
      await pollFeed(t.deps, { feed: feedA });
      return (await t.feedStates.get('a'))!;
    };
    expect((await pollAfter(0)).failingSince).toBeUndefined();
    answer = 'error';
    expect((await pollAfter(10)).failingSince).toBe('2026-11-20T10:10:00.000Z');
    expect(await pollAfter(600)).toMatchObject({ failingSince: '2026-11-20T10:10:00.000Z', consecutiveFailures: 2 });
    answer = 'ok';
    // The validators from the first 200 still match: a 304 (which the lease alone records) ends the failure.
    const recovered = await pollAfter(600);
    expect(recovered).toMatchObject({ lastStatus: '304', consecutiveFailures: 0 });
    expect(recovered.failingSince).toBeUndefined();
    answer = 'error';
    expect((await pollAfter(600)).failingSince).toBe('2026-11-21T16:10:00.000Z');
    t.fetcher.routes.set(feedA.url, () => ({ status: 'gone', httpStatus: 410, headers: {} }));
    expect(await pollAfter(600)).toMatchObject({ disabled: true, failingSince: '2026-11-21T16:10:00.000Z' });

    const fresh = setup(new Map([[feedB.url, () => ({ status: 'gone', httpStatus: 410, headers: {} })]]));
    await pollFeed(fresh.deps, { feed: feedB });
    expect(await fresh.feedStates.get('b')).toMatchObject({ disabled: true, failingSince: '2026-11-20T10:00:00.000Z' });
  });

  it('records a body that is not a feed as a failure, without storing validators', async () => {
    const t = setup(new Map<string, Responder>([[feedA.url, (): FetchResult => ({ status: 'ok', httpStatus: 200, finalUrl: feedA.url, body: new TextEncoder().encode('<html><body>login</body></html>'), headers: { etag: '"x"' } })]]));
    const r = await pollFeed(t.deps, { feed: feedA });
    expect(r).toMatchObject({ status: 'error', error: expect.stringMatching(/not-a-feed/) });
    expect(await t.feedStates.get('a')).toMatchObject({ consecutiveFailures: 1, lastStatus: 'parse' });
    expect((await t.feedStates.get('a'))?.etag).toBeUndefined();
  });

  it('a feed the parser refuses at a limit is a failure whose health names the limit; it is parsed once', async () => {
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss([{ id: 'g', title: 'CSTO' }]))]]));
    let parses = 0;
    t.deps.parser = {
      parse: async () => {
        parses++;
        throw new FeedParseError('timeout', 'parsing took longer than 5000 ms (the parse time limit)');
      },
    };
    const r = await pollFeed(t.deps, { feed: feedA });
    expect(r).toMatchObject({ status: 'error', parsed: true });
    expect(parses).toBe(1);
    expect(await t.feedStates.get('a')).toMatchObject({ consecutiveFailures: 1, lastStatus: 'timeout', lastError: 'not a usable feed (timeout): parsing took longer than 5000 ms (the parse time limit)' });
    expect(t.articles.store.items.size).toBe(0);
  });

  it('an item with an overlong link is refused alone: the items after it are stored and the health says why', async () => {
    const items = [{ id: 'huge', title: 'Huge', link: `https://a.example/${'x'.repeat(450_000)}` }, ...Array.from({ length: 3 }, (_, i) => ({ id: `g${i}`, title: `Story ${i}`, link: `https://a.example/${i}` }))];
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss(items, { title: 'T'.repeat(450_000) }))]]));
    const r = await pollFeed(t.deps, { feed: feedA });
    expect(r).toMatchObject({ status: 'ok', newArticles: 3, limitsHit: ['refused 1 item with a link or id over 4096 characters (the link and id limit)'] });
    expect([...t.articles.store.items.values()].map((a) => a.title).sort()).toEqual(['Story 0', 'Story 1', 'Story 2']);
    for (const article of t.articles.store.items.values()) expect(JSON.stringify(article).length).toBeLessThan(10_000);
    expect(await t.feedStates.get('a')).toMatchObject({ consecutiveFailures: 0, lastStatus: 'item-too-large', lastError: 'refused 1 item with a link or id over 4096 characters (the link and id limit)' });
  });

  it('of a feed with more items than the cap, one poll stores the newest 500 and says so', async () => {
    const items = Array.from({ length: 600 }, (_, i) => ({ id: `g${i}`, title: `Story ${i}`, link: `https://a.example/${i}`, published: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString() }));
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss(items))]]));
    const r = await pollFeed(t.deps, { feed: feedA });
    expect(r).toMatchObject({ status: 'ok', itemsInFeed: 500, articleWrites: 500, limitsHit: ['kept the newest 500 of 600 items (the limit is 500 items per feed)'] });
    expect(t.articles.store.items.size).toBe(500);
    expect(await t.feedStates.get('a')).toMatchObject({ lastStatus: 'too-many-items' });
  });

  it('polls a feed once when the schedule fires twice at the same moment (lease per feed)', async () => {
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss([{ id: 'g', title: 'CSTO' }]))]]));
    const scheduled = { feed: feedA, onlyIfDue: true };
    const [one, two] = await Promise.all([pollFeed({ ...t.deps, leaseHolder: 'lambda-1' }, scheduled), pollFeed({ ...t.deps, leaseHolder: 'lambda-2' }, scheduled)]);
    expect([one.status, two.status].sort()).toEqual(['ok', 'skipped']);
    expect(t.fetcher.calls).toHaveLength(1);
    // A duplicate message handled right after the first by another poller is skipped too.
    expect(await pollFeed({ ...t.deps, leaseHolder: 'lambda-3' }, scheduled)).toMatchObject({ status: 'skipped' });
    expect(t.fetcher.calls).toHaveLength(1);
  });

  describe('a lease held by a poll in flight', () => {
    /** lambda-1 took the lease and is still polling (or died doing so): nothing written but the lease. */
    async function inFlight() {
      const t = setup(new Map([[feedA.url, servedWithEtag(() => rss([{ id: 'g', title: 'CSTO' }]))]]));
      const now = t.clock.now();
      await t.feedStates.acquireLease('a', 'lambda-1', now, new Date(now.getTime() + 120_000));
      return t;
    }

    it.each<[string, string, boolean, { status: string; skipped?: string }]>([
      ['a scheduled poll by another poller is skipped', 'lambda-2', true, { status: 'skipped', skipped: 'lease-held' }],
      ['a forced poll by another poller waits too: the poll may still be running', 'lambda-2', false, { status: 'skipped', skipped: 'lease-held' }],
      ['the holder itself may poll again (a local loop)', 'lambda-1', true, { status: 'ok' }],
    ])('%s', async (_name, holder, onlyIfDue, expected) => {
      const t = await inFlight();
      expect(await pollFeed({ ...t.deps, leaseHolder: holder }, { feed: feedA, onlyIfDue })).toMatchObject(expected);
    });

    it('lapses after its time: then a scheduled poll by another poller polls', async () => {
      const t = await inFlight();
      t.clock.advance({ minutes: 2 });
      expect(await pollFeed({ ...t.deps, leaseHolder: 'lambda-2' }, { feed: feedA, onlyIfDue: true })).toMatchObject({ status: 'skipped', skipped: 'lease-held' });
      t.clock.advance({ ms: 1 });
      expect(await pollFeed({ ...t.deps, leaseHolder: 'lambda-2' }, { feed: feedA, onlyIfDue: true })).toMatchObject({ status: 'ok' });
    });
  });

  it('a minute after a scheduled poll (it cannot be running), a forced one polls and a scheduled one is skipped', async () => {
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss([{ id: 'g', title: 'CSTO' }]))]]));
    expect(await pollFeed({ ...t.deps, leaseHolder: 'lambda-1' }, { feed: feedA, onlyIfDue: true })).toMatchObject({ status: 'ok' });
    t.clock.advance({ seconds: 61 });
    expect(await pollFeed({ ...t.deps, leaseHolder: 'lambda-2' }, { feed: feedA, onlyIfDue: true })).toMatchObject({ status: 'skipped' });
    expect(await pollFeed({ ...t.deps, leaseHolder: 'lambda-2' }, { feed: feedA })).toMatchObject({ status: 'not-modified' });
    expect(t.fetcher.calls).toHaveLength(2);
  });

  it("lets an admin's forced poll through once the last poll cannot be running, and releases its own lease", async () => {
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss([{ id: 'g', title: 'CSTO' }]))]]));
    expect((await pollFeed({ ...t.deps, leaseHolder: 'scheduled' }, { feed: feedA, onlyIfDue: true })).status).toBe('ok');
    // Within a poll's longest run the lease may belong to a running poll: even a forced poll waits.
    t.clock.advance({ seconds: 30 });
    expect(await pollFeed({ ...t.deps, leaseHolder: 'admin-1' }, { feed: feedA })).toMatchObject({ status: 'skipped', skipped: 'lease-held' });
    // After it, the lingering lease (kept against duplicate schedules) does not stop a forced poll ...
    t.clock.advance({ seconds: 31 });
    expect((await pollFeed({ ...t.deps, leaseHolder: 'admin-1' }, { feed: feedA })).status).toBe('not-modified');
    // ... and a forced poll leaves no lease behind: the next one goes at once.
    expect((await pollFeed({ ...t.deps, leaseHolder: 'admin-2' }, { feed: feedA })).status).toBe('not-modified');
    expect(t.fetcher.calls).toHaveLength(3);
  });

  it('skips a scheduled poll that is not due yet', async () => {
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss([{ id: 'g', title: 't' }]))]]));
    await pollFeed(t.deps, { feed: feedA });
    expect(await pollFeed(t.deps, { feed: feedA, onlyIfDue: true })).toMatchObject({ status: 'skipped', skipped: 'not-due' });
    t.clock.advance({ days: 1 });
    expect((await pollFeed(t.deps, { feed: feedA, onlyIfDue: true })).status).toBe('not-modified');
  });
});

describe('pollFeed hand-off to the fan-out queue', () => {
  const items = [
    { guid: 'g1', title: 'CSTO summit opens', link: 'https://a.example/1' },
    { guid: 'g2', title: 'CSTO ministers meet', link: 'https://a.example/2' },
    { guid: 'g3', title: 'CSTO drills end', link: 'https://a.example/3' },
  ];

  function refusingSecond(refusal: Refusal) {
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss(items))]]));
    const fanOut = new RefusingQueue<ArticleMatchesHandedOn>('fan-out', t.clock.now, (body) => (t.articles.store.items.get(body.articleId)?.title === 'CSTO ministers meet' ? refusal : undefined));
    t.deps.fanOut = fanOut;
    const sentTitles = () => [...fanOut.messages.values()].map((m) => t.articles.store.items.get(m.body.articleId)?.title);
    const byTitle = (title: string) => [...t.articles.store.items.values()].find((a) => a.title === title)!.id;
    return { ...t, fanOut, sentTitles, byTitle };
  }

  it('a refused hand-off does not fail the poll: the other matches go on, the refused one is parked with the reason', async () => {
    const t = refusingSecond({ code: 'InvalidMessageContents', reason: 'Invalid characters found.', senderFault: true });
    const result = await pollFeed(t.deps, { feed: feedA });
    expect(result).toMatchObject({ status: 'ok', newArticles: 3, matches: { csto: 2 }, parkedMatches: 1 });
    expect(t.sentTitles()).toEqual(['CSTO summit opens', 'CSTO drills end']);
    const parked = await t.matches.store.listParked(10);
    expect(parked).toEqual([expect.objectContaining({ articleId: t.byTitle('CSTO ministers meet'), topicId: 'csto', parkedReason: 'InvalidMessageContents: Invalid characters found.', parkedAt: '2026-11-20T10:00:00.000Z' })]);
    expect(await t.matches.store.listPending(new Date('2100-01-01T00:00:00Z'))).toEqual([]);
    expect(await t.feedStates.get('a')).toMatchObject({ lastStatus: '200', consecutiveFailures: 0 });
  });

  it('a hand-off refused for the queue\'s own trouble stays pending, for the sweep', async () => {
    const t = refusingSecond({ code: 'InternalError', reason: 'try again', senderFault: false });
    const result = await pollFeed(t.deps, { feed: feedA });
    expect(result).toMatchObject({ status: 'ok', newArticles: 3, matches: { csto: 2 } });
    expect(result.parkedMatches).toBeUndefined();
    expect((await t.matches.store.listPending(new Date('2100-01-01T00:00:00Z'))).map((m) => m.articleId)).toEqual([t.byTitle('CSTO ministers meet')]);
    expect(await t.matches.store.listParked(10)).toEqual([]);
  });

  it('a failed send stops the poll with the unsent match pending; the next poll goes on from there', async () => {
    const t = setup(new Map([[feedA.url, servedWithEtag(() => rss(items))]]));
    const fanOut = new RefusingQueue<ArticleMatchesHandedOn>('fan-out', t.clock.now, () => undefined);
    t.deps.fanOut = fanOut;
    fanOut.failWith = new Error('socket hang up');
    await expect(pollFeed(t.deps, { feed: feedA })).rejects.toThrow('socket hang up');
    const [unsent] = await t.matches.store.listPending(new Date('2100-01-01T00:00:00Z'));
    expect(t.articles.store.items.get(unsent!.articleId)?.title).toBe('CSTO summit opens');

    fanOut.failWith = undefined;
    t.clock.advance({ minutes: 1 });
    expect(await pollFeed(t.deps, { feed: feedA })).toMatchObject({ status: 'ok', newArticles: 2, matches: { csto: 2 } });
    // The sweep hands on the one left pending.
    expect((await t.matches.store.listPending(new Date('2100-01-01T00:00:00Z'))).map((m) => m.articleId)).toEqual([unsent!.articleId]);
  });
});
