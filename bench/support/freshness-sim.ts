/**
 * Publication → alert delay in virtual time, through the real use cases: dispatch-polls on its schedule (every 5 min,
 * from the topology) enqueues the due feeds on a simulated poll queue, and poll-feed polls them (in-memory stores, the
 * in-process parser) from a fetcher that serves each synthetic feed as it stood at that instant (ETag → 304). Every
 * item matches a topic, so the alert is the moment poll-feed hands the match on to fan-out.
 *
 * In a variant that pushes, each hub feed's subscription is verified when the measured days begin (a PUSHSUBS store
 * dispatch-polls reads, with the product's websub.safetyPollMinutes), and each new item reaches poll-feed's pushed
 * path a few seconds after publication: the body in the poll message as websub-callback builds it (or, too large for
 * it, through an in-memory inbox), ingested by ingestPushedBody. What dispatch-polls then does with the feed (poll it
 * only at the safety interval, or back on its schedule once a poll finds items the hub never pushed) is its own rule.
 */
import type { FeedSource } from '../../shared/domain/feed-source.js';
import type { ArticleMatchesHandedOn, PollRequested, PushedBody } from '../../shared/domain/messages.js';
import { inlinePushMessage } from '../../shared/domain/websub/pushed-body.js';
import { deliveryMode } from '../../shared/domain/websub/subscription.js';
import { DEFAULT_SAFETY_POLL_MINUTES } from '../../shared/runtime/app-config.js';
import { ingestPushedBody } from '../../shared/usecases/ingest-pushed-body.js';
import { MemoryPushInbox } from '../../test/support/memory-push-inbox.js';
import { MemoryPushSubscriptions } from '../../test/support/memory-push-subscriptions.js';
import { compileTopics } from '../../shared/domain/topics/index.js';
import type { FeedFetcher, FetchRequest, FetchResult } from '../../shared/ports/feed-fetcher.js';
import type { Queue } from '../../shared/ports/queue.js';
import { dispatchPolls } from '../../shared/usecases/dispatch-polls.js';
import { pollFeed, type PollFeedDeps } from '../../shared/usecases/poll-feed.js';
import { inProcessFeedParser } from '../../test/support/in-process-feed-parser.js';
import { BenchArticleStore, BenchFeedStateStore, BenchMatchStore } from './bench-stores.js';
import { mulberry32 } from '../../test/support/seeded-random.js';
import type { SyntheticFeed } from './publishing-patterns.js';
import { scheduleOf } from './schedules.js';
import { SimClock, SimQueue } from './sim-queue.js';

export interface FreshnessVariant {
  id: string;
  label: string;
  polling: PollFeedDeps['config'];
  /** Hub feeds: subscribed and pushed a few seconds after publication (polled as dispatch-polls decides meanwhile). */
  push?: boolean;
  /** Days run before the measured ones, so the schedule starts from what it learned (none for a schedule that learns nothing). */
  warmupDays: number;
  /** Measured days (default: the window's): a fixed schedule's figures do not depend on the day, so one may do. */
  days?: number;
  /** Hours run after the measured days, for their last items to reach an alert (default: the window's). */
  tailHours?: number;
  /** How early dispatch-polls counts a feed due (default: the product's). */
  dueEarlyMs?: number;
}

export interface DelayStats {
  items: number;
  p50Minutes: number;
  p95Minutes: number;
  meanMinutes: number;
}

export interface FreshnessResult {
  variant: string;
  /** Hub feeds' items (pushed in a variant that pushes), the other feeds' items, and all. */
  delays: { hub: DelayStats; other: DelayStats; all: DelayStats };
  /** Scheduled polls (not pushes) per day, all feeds together, and per feed; and per day of the hub feeds and of the others. */
  pollsPerDay: number;
  pollsPerFeedPerDay: number;
  pollsPerDayOf: { hub: number; other: number };
  pushesPerDay: number;
  /** Hub feeds no longer pushed at the end (dispatch-polls' rule: a poll found items the hub had not pushed yet). */
  pushedFeedsFellBack: number;
  /** Items published in the week that never reached an alert (dropped out of a feed's window between polls, or too late). */
  missed: number;
  wallSeconds: number;
}

const MINUTE = 60_000;
/** Entries a feed shows (WordPress's default). */
const WINDOW = 10;
/** A poll runs this long after its dispatch tick (queue, Lambda start, the fetch). */
const POLL_LAG_MS = 30_000;
const TOPIC_TOKEN = 'zqalertvex';

/** A feed's Atom document with its newest WINDOW entries published by then: small entries (id, title, date), so the parse stays cheap. */
const HUB = 'https://hub.example/';

function atom(feed: SyntheticFeed, visible: number): Uint8Array {
  const entries: string[] = [];
  for (let n = visible - 1; n >= Math.max(0, visible - WINDOW); n--) {
    entries.push(`<entry><id>urn:site${feed.index}:${n}</id><title>${TOPIC_TOKEN} story ${feed.index}-${n}</title><updated>${new Date(feed.times[n]!).toISOString()}</updated></entry>`);
  }
  const updated = new Date(visible > 0 ? feed.times[visible - 1]! : 0).toISOString();
  return new TextEncoder().encode(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Site ${feed.index}</title>${feed.hub ? `<link rel="hub" href="${HUB}"/>` : ''}<id>urn:site${feed.index}</id><updated>${updated}</updated>${entries.join('')}</feed>`);
}

/** How many of the feed's items are published at `now` (binary search). */
function visibleAt(feed: SyntheticFeed, now: number): number {
  let lo = 0;
  let hi = feed.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (feed.times[mid]! <= now) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The synthetic feeds' servers: 200 with the feed as it stands, 304 when the client's ETag is current. */
class SyntheticFetcher implements FeedFetcher {
  private readonly bodies = new Map<number, { visible: number; body: Uint8Array }>();
  constructor(
    private readonly feeds: SyntheticFeed[],
    private readonly clock: SimClock,
  ) {}

  body(feed: SyntheticFeed, visible: number): Uint8Array {
    const cached = this.bodies.get(feed.index);
    if (cached?.visible === visible) return cached.body;
    const body = atom(feed, visible);
    this.bodies.set(feed.index, { visible, body });
    return body;
  }

  async fetch(req: FetchRequest): Promise<FetchResult> {
    const feed = this.feeds[Number(/\/feed\/(\d+)$/.exec(req.url)![1])]!;
    const visible = visibleAt(feed, this.clock.now().getTime());
    const etag = `"${feed.index}-${visible}"`;
    if (req.etag === etag) return { status: 'not-modified', httpStatus: 304, headers: { etag } };
    return { status: 'ok', httpStatus: 200, finalUrl: req.url, body: this.body(feed, visible), headers: { etag, 'content-type': 'application/atom+xml' } };
  }
}

/** The fan-out queue's producer side, noting when each article was first handed on: its alert. */
class AlertRecorder implements Queue<ArticleMatchesHandedOn> {
  readonly name = 'fan-out';
  readonly alertedAt = new Map<string, number>();
  constructor(private readonly clock: SimClock) {}
  async send(bodies: ArticleMatchesHandedOn[]): Promise<void> {
    for (const b of bodies) if (!this.alertedAt.has(b.articleId)) this.alertedAt.set(b.articleId, this.clock.now().getTime());
  }
}

/** The poll message websub-callback sends for a pushed body: the body in it when it fits, else named in the inbox. */
async function pushedMessage(inbox: MemoryPushInbox, feedId: string, body: Uint8Array, n: number): Promise<PushedBody> {
  const contentType = 'application/atom+xml';
  const inline = inlinePushMessage(feedId, body, contentType)?.pushed;
  if (inline) return inline;
  const key = `inbox/${feedId}/${n}`;
  await inbox.put(key, body, contentType);
  return { key, contentType };
}

function stats(delays: number[]): DelayStats {
  const sorted = [...delays].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! / MINUTE : 0);
  return { items: sorted.length, p50Minutes: at(0.5), p95Minutes: at(0.95), meanMinutes: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length / MINUTE : 0 };
}

export async function runFreshness(feeds: SyntheticFeed[], variant: FreshnessVariant, week: { start: number; days: number; tailHours: number }): Promise<FreshnessResult> {
  const started = performance.now();
  const window = { ...week, days: variant.days ?? week.days };
  const first = window.start - variant.warmupDays * 24 * 60 * MINUTE;
  const clock = new SimClock(first);
  const end = window.start + window.days * 24 * 60 * MINUTE;
  const stop = end + (variant.tailHours ?? window.tailHours) * 60 * MINUTE;
  const tickMs = scheduleOf('dispatch-polls')!.trigger.rateMinutes * MINUTE;
  const sources: FeedSource[] = feeds.map((f) => ({ id: `feed-${f.index}`, url: `https://site${f.index}.example/feed/${f.index}` }));
  const pushed = new Set(variant.push ? feeds.filter((f) => f.hub).map((f) => f.index) : []);

  const feedStates = new BenchFeedStateStore();
  const articles = new BenchArticleStore();
  const fanOut = new AlertRecorder(clock);
  const pollQueue = new SimQueue<PollRequested>('poll', clock);
  const base = {
    fetcher: new SyntheticFetcher(feeds, clock),
    parser: inProcessFeedParser(),
    feedStates,
    articles,
    matches: new BenchMatchStore(),
    fanOut,
    topics: compileTopics([{ id: 'alerts', query: TOPIC_TOKEN }]),
    // Every article its own story: grouping changes who is alerted, not when.
    stories: { assign: async (a: { id: string }) => ({ storyId: a.id, started: true, evidence: [] }) },
    clock,
    random: mulberry32(7),
    leaseHolder: 'bench',
  };
  const polled: PollFeedDeps = { ...base, config: variant.polling };
  const inbox = new MemoryPushInbox();
  const pushDeps = { ...base, inbox, config: {} };
  const pushSubscriptions = new MemoryPushSubscriptions();
  const safetyPollMinutes = DEFAULT_SAFETY_POLL_MINUTES;
  const subscribe = async () => {
    const at = new Date(window.start).toISOString();
    const lease = new Date(stop + 24 * 60 * MINUTE).toISOString();
    for (const index of pushed) await pushSubscriptions.put({ feedId: sources[index]!.id, hub: HUB, topic: sources[index]!.url, mode: 'subscribe', status: 'verified', requestedAt: at, verifiedAt: at, leaseExpiresAt: lease, attempts: 0 });
  };

  // Pushes from the measured days on: in the warm-up, hub feeds learn nothing (their safety polls keep them current).
  const random = mulberry32(11);
  const pushes = feeds
    .filter((f) => pushed.has(f.index))
    .flatMap((f) => f.times.filter((t) => t >= window.start && t < stop).map((t) => ({ at: t + 2000 + Math.floor(random() * 18_000), feed: f.index })))
    .sort((a, b) => a.at - b.at);
  let nextPush = 0;
  let polls = 0;
  let hubPolls = 0;
  let pushCount = 0;
  const runPushes = async (before: number) => {
    while (nextPush < pushes.length && pushes[nextPush]!.at < before) {
      const p = pushes[nextPush++]!;
      clock.set(p.at);
      const feed = feeds[p.feed]!;
      const body = base.fetcher.body(feed, visibleAt(feed, p.at));
      const result = await ingestPushedBody({ ...pushDeps, leaseHolder: `push-${p.at}` }, { feed: sources[p.feed]!, pushed: await pushedMessage(inbox, sources[p.feed]!.id, body, p.at) });
      // A poll of the feed holds its lease: poll-feed hands the message back for 15 s, as its handler does.
      if (result.status === 'skipped' && result.skipped === 'lease-held') {
        const again = { at: p.at + 15_000, feed: p.feed };
        const later = pushes.findIndex((q, i) => i >= nextPush && q.at > again.at);
        pushes.splice(later === -1 ? pushes.length : later, 0, again);
        continue;
      }
      if (p.at >= window.start && p.at < end) pushCount++;
    }
  };

  let subscribed = false;
  for (let tick = first; tick < stop; tick += tickMs) {
    if (!subscribed && pushed.size > 0 && tick >= window.start) {
      await subscribe();
      subscribed = true;
    }
    await runPushes(tick);
    clock.set(tick);
    await dispatchPolls({ feeds: sources, feedStates, pollQueue, clock, dueEarlyMs: variant.dueEarlyMs, pushSubscriptions, safetyPollMinutes });
    await runPushes(tick + POLL_LAG_MS);
    clock.set(tick + POLL_LAG_MS);
    for (const message of pollQueue.take(clock.ms, Number.MAX_SAFE_INTEGER)) {
      for (const id of message.body.feedIds ?? []) {
        const index = Number(id.slice('feed-'.length));
        const result = await pollFeed(polled, { feed: sources[index]!, onlyIfDue: !message.body.force });
        if (result.status === 'skipped' || tick < window.start || tick >= end) continue;
        polls++;
        if (feeds[index]!.hub) hubPolls++;
      }
    }
  }

  const delays = { hub: [] as number[], other: [] as number[] };
  const byItem = new Map<string, number>();
  for (const article of articles.items.values()) {
    const alerted = fanOut.alertedAt.get(article.id);
    const m = /story (\d+)-(\d+)$/.exec(article.title);
    if (alerted !== undefined && m) byItem.set(`${m[1]}-${m[2]}`, alerted);
  }
  let missed = 0;
  for (const feed of feeds) {
    feed.times.forEach((t, n) => {
      if (t < window.start || t >= end) return;
      const alerted = byItem.get(`${feed.index}-${n}`);
      if (alerted === undefined) missed++;
      else (feed.hub ? delays.hub : delays.other).push(alerted - t);
    });
  }
  let pushedFeedsFellBack = 0;
  for (const index of pushed) {
    const state = await feedStates.get(sources[index]!.id);
    if (deliveryMode(await pushSubscriptions.get(sources[index]!.id), state && { hub: state.hub, topic: state.selfUrl ?? state.url, pollFoundNewAt: state.pollFoundNewAt }, clock.now()).mode !== 'pushed') pushedFeedsFellBack++;
  }
  return {
    variant: variant.id,
    delays: { hub: stats(delays.hub), other: stats(delays.other), all: stats([...delays.hub, ...delays.other]) },
    pollsPerDay: polls / window.days,
    pollsPerFeedPerDay: polls / window.days / feeds.length,
    pollsPerDayOf: { hub: hubPolls / window.days, other: (polls - hubPolls) / window.days },
    pushesPerDay: pushCount / window.days,
    pushedFeedsFellBack,
    missed,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
