import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { FeedSource, FeedState } from '../domain/feed-source.js';
import { decodePublishingHours, encodePublishingHours, learnPublishingHours } from '../domain/polling/publishing-hours.js';
import { isDue, nextPollAfterFailure, nextPollAfterNotModified, nextPollAfterSuccess, type NextPoll, type PollingConfig } from '../domain/polling/schedule.js';
import { discoverWebSub } from '../domain/websub/discovery.js';
import type { Clock } from '../ports/clock.js';
import type { FetchResult, FeedFetcher } from '../ports/feed-fetcher.js';
import type { PageTally } from './fetch-page-text.js';
import { ingestFeedBody, type IngestDeps } from './ingest-feed-body.js';

/** A poll fetches, then takes the path a pushed body takes too (IngestDeps: parse, dedupe, pages, stories, match, outbox). */
export interface PollFeedDeps extends IngestDeps {
  fetcher: FeedFetcher;
  clock: Clock;
  config: {
    minIntervalMinutes: number;
    /** Upper clamp of the schedule and of the failure backoff (default 24 h). */
    maxIntervalMinutes?: number;
    /** How long a poll holds its feed's lease (default 120 s); it is not released early, see below. */
    leaseSeconds?: number;
    /** The longest a poll can run (the poll function's timeout): a lease older than this belongs to no running poll. */
    maxPollSeconds?: number;
    /** Learn each feed's publishing hours and poll on its own clock (default true; off, every hour is alike). */
    learnPublishingHours?: boolean;
  };
  /** Jitter source for the failure backoff, in [0, 1) (default Math.random). */
  random?: () => number;
  /** Who takes the lease (default: one id per process). In Lambda, the request id. */
  leaseHolder?: string;
}

export interface PollFeedInput {
  feed: FeedSource;
  /** Skip the poll when the feed's next poll time has not come (set by scheduled polls, not by `--once`). */
  onlyIfDue?: boolean;
}

export interface PollFeedResult {
  feedId: string;
  status: 'ok' | 'not-modified' | 'gone' | 'error' | 'skipped';
  newArticles: number;
  /** topicId → number of new matches handed on */
  matches: Record<string, number>;
  /** New matches the fan-out queue refused for good: stored, parked with the reason (MatchStore.listParked). */
  parkedMatches?: number;
  error?: string;
  /** Why a poll did nothing: another poller holds the lease, the feed is disabled, or it is not due. */
  skipped?: 'lease-held' | 'disabled' | 'not-due';
  httpStatus?: number;
  /** Whether the body was parsed (never on a 304). */
  parsed?: boolean;
  /** Articles written (conditional puts that created an article). */
  articleWrites?: number;
  /** Items in the feed, new or not (those kept within the limits). */
  itemsInFeed?: number;
  /** Limits that cost items this poll (the newest kept, overlong ones refused), one line each. */
  limitsHit?: string[];
  nextPollAt?: string;
  /** The new URL after a permanent redirect. */
  movedTo?: string;
  /** Article pages this poll fetched for full text (present when it tried any). */
  pages?: PageTally;
}

const processHolder = `poller-${randomUUID()}`;
const DEFAULT_LEASE_SECONDS = 120;
const DEFAULT_MAX_POLL_SECONDS = 60;
/** Keeps the state item under 1 KB (one write unit) whatever a server or parser says. */
const MAX_ERROR_CHARS = 300;
/** With the last error, the last page failure (its reason and its page) still leaves the state item near 1 KB. */
const MAX_PAGE_ERROR_CHARS = 120;

/** The state without absent fields, to compare what a poll would write with what readers already see. */
function defined(state: FeedState): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined));
}

function schedule(deps: PollFeedDeps): PollingConfig {
  return { minIntervalMinutes: deps.config.minIntervalMinutes, maxIntervalMinutes: deps.config.maxIntervalMinutes ?? 24 * 60 };
}

function scheduled(state: FeedState, next: NextPoll): FeedState {
  return { ...state, nextPollAt: next.nextPollAt.toISOString(), pollIntervalMinutes: next.intervalMinutes, nextPollBasis: next.basis, pollFloorMinutes: next.floorMinutes, pollCeilingMinutes: next.ceilingMinutes };
}

/**
 * When an item appeared, for learning the feed's hours: its own date when plausible (not ahead of now), else now, when
 * it is new; on a first poll (nothing known yet) the window is the feed's past, so only dated items tell.
 */
function appearedAt(published: string | undefined, now: Date, firstPoll: boolean): number {
  const t = published ? Date.parse(published) : Number.NaN;
  if (Number.isFinite(t) && t <= now.getTime() + 5 * 60_000) return t;
  return firstPoll ? Number.NaN : now.getTime();
}

/** The stored state for a feed, started afresh when it is new or an admin changed its configured URL. */
export function currentState(feed: FeedSource, stored: FeedState | undefined): FeedState {
  if (stored && (stored.configuredUrl ?? stored.url) === feed.url) return { ...stored, configuredUrl: feed.url };
  return { feedId: feed.id, url: feed.url, configuredUrl: feed.url, consecutiveFailures: 0, itemsSeen: stored?.itemsSeen ?? 0 };
}

/**
 * Polls one feed, politely: one poller per feed (lease), conditional GET, decode and parse (within the parser's limits
 * of time, memory and size: a feed over one is refused and its health says which), store new
 * articles once (conditional put; an article already stored by any feed is skipped, so the same
 * story in two feeds is stored and alerted once), match topics, hand matches on (outbox), then
 * schedule the next poll from the feed's publishing rate and the server's hints, or back off.
 *
 * A 304 costs no parse and no article or match write, and one store write: taking the lease records the poll,
 * and the state is written again only when the 304 changed more than `withLastPoll` derives (a new interval,
 * a moved URL, a changed config). Recent item ids live apart and are read and written only on a 200.
 * 301/308 move the stored URL; 410 disables the feed and says why; failures back off with jitter
 * up to the max interval, never forever, and a success resets the count.
 *
 * The lease is not released when the poll ends: it lapses after `leaseSeconds`, so a schedule that
 * fired twice (a duplicate poll message processed right after the first) is skipped too. The same
 * holder may take it again at once, so one process polling in a loop (`npm start -- --once`) is not slowed.
 *
 * Outbox order: matches are stored pending before the article, so a crash never loses a match
 * (the next poll redoes it, or the outbox sweep re-hands pending ones). A hand-off the queue refuses does not fail
 * the poll: the refused matches are parked with the reason, or left pending for the sweep (see hand-on-matches.ts).
 */
export async function pollFeed(deps: PollFeedDeps, input: PollFeedInput): Promise<PollFeedResult> {
  const { feed } = input;
  const now = deps.clock.now();
  const result: PollFeedResult = { feedId: feed.id, status: 'ok', newArticles: 0, matches: {} };

  const before = currentState(feed, await deps.feedStates.get(feed.id));
  if (before.disabled) return { ...result, status: 'skipped', skipped: 'disabled', error: before.disabledReason };
  if (input.onlyIfDue && !isDue(before.nextPollAt, now)) return { ...result, status: 'skipped', skipped: 'not-due' };

  const holder = deps.leaseHolder ?? processHolder;
  const until = new Date(now.getTime() + (deps.config.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000);
  // A forced poll (an admin's "poll now") may take over the lease an earlier poll left to lapse, once that poll cannot
  // be running any more; and it releases its own when done, so a forced poll right after it is not skipped either.
  const forced = !input.onlyIfDue;
  const maxPollMs = (deps.config.maxPollSeconds ?? DEFAULT_MAX_POLL_SECONDS) * 1000;
  const lease = await deps.feedStates.acquireLease(feed.id, holder, now, until, forced ? { takeOverIfStartedBefore: new Date(now.getTime() - maxPollMs) } : {});
  if (!lease) return { ...result, status: 'skipped', skipped: 'lease-held' };
  try {
    return await pollHoldingLease(deps, input, before, lease, now, result);
  } finally {
    if (forced) await deps.feedStates.releaseLease(feed.id, holder);
  }
}

async function pollHoldingLease(
  deps: PollFeedDeps,
  input: PollFeedInput,
  before: FeedState,
  lease: { poll: number; state: FeedState | undefined },
  now: Date,
  result: PollFeedResult,
): Promise<PollFeedResult> {
  const { feed } = input;

  // What readers see now that the lease recorded this poll: what a plain 304 leaves, so it needs no other write.
  // Every outcome builds on `before`, which does not assume this poll's 304.
  const claimed = lease.state;
  let state: FeedState = { ...before, lastPolledAt: now.toISOString(), pollNumber: lease.poll };
  let fetched: FetchResult;
  try {
    fetched = await deps.fetcher.fetch({ url: state.url, etag: state.etag, lastModified: state.lastModified });
  } catch (error) {
    // Fetchers report failures as results; one that throws anyway must not stop the feed's schedule.
    fetched = { status: 'error', reason: error instanceof Error ? error.message : String(error), headers: {}, kind: 'network' };
  }
  if (fetched.status !== 'error' || fetched.httpStatus) result.httpStatus = fetched.httpStatus;
  if (fetched.permanentUrl && fetched.permanentUrl !== state.url) {
    state = { ...state, movedFrom: state.url, url: fetched.permanentUrl };
    result.movedTo = fetched.permanentUrl;
  }

  if (fetched.status === 'not-modified') {
    state = scheduled({ ...state, lastSuccessAt: now.toISOString(), lastStatus: '304', consecutiveFailures: 0, failingSince: undefined }, nextPollAfterNotModified({ now, config: schedule(deps), headers: fetched.headers, previousIntervalMinutes: state.pollIntervalMinutes, previousBasis: state.nextPollBasis, publishingHours: state.publishingHours, previousFloorMinutes: state.pollFloorMinutes }));
    if (!claimed || !isDeepStrictEqual(defined(state), defined(claimed))) await deps.feedStates.put(state);
    return { ...result, status: 'not-modified', parsed: false, articleWrites: 0, nextPollAt: state.nextPollAt };
  }

  if (fetched.status === 'gone') {
    const reason = `feed is gone (HTTP 410 at ${state.url}); disabled on ${now.toISOString()} — fix or remove it in config`;
    state = { ...state, disabled: true, disabledReason: reason, lastErrorAt: now.toISOString(), lastError: reason, lastStatus: '410', nextPollAt: undefined, failingSince: state.failingSince ?? now.toISOString() };
    await deps.feedStates.put(state);
    return { ...result, status: 'gone', error: reason, parsed: false, articleWrites: 0 };
  }

  if (fetched.status === 'error') {
    return recordFailure(deps, state, now, result, fetched.reason, fetched.httpStatus ? String(fetched.httpStatus) : (fetched.kind ?? 'error'), fetched.headers);
  }

  const ingested = await ingestFeedBody(deps, { feed, body: { bytes: fetched.body, contentType: fetched.headers['content-type'], feedUrl: fetched.finalUrl, contentLocation: fetched.headers['content-location'] }, now, recentIds: 'replace' });
  if (!ingested.ok) return recordFailure(deps, state, now, { ...result, parsed: true }, ingested.reason, ingested.status, fetched.headers);
  const { parsed } = ingested.read;
  result.parsed = true;
  result.articleWrites = ingested.articleWrites;
  result.newArticles = ingested.newArticles;
  result.matches = ingested.matches;
  if (ingested.parkedMatches) result.parkedMatches = ingested.parkedMatches;
  result.itemsInFeed = parsed.items.length;
  if (parsed.limitsHit?.length) result.limitsHit = parsed.limitsHit.map((l) => l.message);
  const websub = discoverWebSub({ linkHeader: fetched.headers['link'], document: parsed.feed, feedUrl: fetched.finalUrl });
  const pages = ingested.pages;

  // Items new to this feed teach its publishing hours (on its first poll, its whole window: the feed's recent past).
  const times = ingested.unseen.map((i) => appearedAt(i.published, now, ingested.firstSight)).filter(Number.isFinite);
  const publishingHours =
    deps.config.learnPublishingHours === false
      ? undefined
      : times.length > 0
        ? encodePublishingHours(learnPublishingHours(decodePublishingHours(state.publishingHours), times, now.getTime()))
        : state.publishingHours;
  const next = nextPollAfterSuccess({ now, config: schedule(deps), headers: fetched.headers, ttlMinutes: parsed.feed.ttlMinutes, published: parsed.items.map((i) => i.published), publishingHours });
  // Items a limit cost (older ones beyond the cap, overlong ones) are said in the feed's health, and the poll still counts as a success.
  const limited = parsed.limitsHit?.length ? { lastStatus: parsed.limitsHit[0]!.status, lastError: parsed.limitsHit.map((l) => l.message).join('; ').slice(0, MAX_ERROR_CHARS), lastErrorAt: now.toISOString() } : {};
  state = scheduled(
    {
      ...state,
      etag: fetched.headers['etag'],
      lastModified: fetched.headers['last-modified'],
      lastSuccessAt: now.toISOString(),
      lastStatus: String(fetched.httpStatus),
      consecutiveFailures: 0,
      failingSince: undefined,
      itemsSeen: state.itemsSeen + result.newArticles,
      publishingHours,
      ...(result.newArticles > 0 ? { lastNewItemsAt: now.toISOString(), pollFoundNewAt: now.toISOString() } : {}),
      hub: websub.hub,
      // The topic is the self URL, else the URL polled: kept only when it differs (the state item stays small).
      selfUrl: websub.hub && websub.self !== state.url ? websub.self : undefined,
      ...limited,
      ...pageHealth(state, pages, now),
    },
    next,
  );
  await deps.feedStates.put(state);
  if (pages.fetched + pages.failed + pages.skipped > 0) result.pages = pages;
  if (ingested.recentIds) await deps.feedStates.putRecentIds(feed.id, ingested.recentIds);
  return { ...result, nextPollAt: state.nextPollAt };
}

/** Article pages in the feed's health: how many were used and how many fell back, since the feed was first polled. */
function pageHealth(state: FeedState, pages: PageTally, now: Date): Partial<FeedState> {
  if (pages.fetched + pages.failed === 0) return {};
  return {
    pagesFetched: (state.pagesFetched ?? 0) + pages.fetched,
    pageFailures: (state.pageFailures ?? 0) + pages.failed,
    ...(pages.lastFailure
      ? { lastPageError: pages.lastFailure.reason.slice(0, MAX_PAGE_ERROR_CHARS), lastPageErrorUrl: pages.lastFailure.url.slice(0, MAX_PAGE_ERROR_CHARS), lastPageErrorAt: now.toISOString() }
      : {}),
  };
}

async function recordFailure(
  deps: PollFeedDeps,
  state: FeedState,
  now: Date,
  result: PollFeedResult,
  reason: string,
  status: string,
  headers: Extract<FetchResult, { status: 'error' }>['headers'],
): Promise<PollFeedResult> {
  const consecutiveFailures = state.consecutiveFailures + 1;
  const next = nextPollAfterFailure({ now, config: schedule(deps), consecutiveFailures, headers, random: deps.random ?? Math.random });
  const failed = scheduled(
    { ...state, lastErrorAt: now.toISOString(), lastError: reason.slice(0, MAX_ERROR_CHARS), lastStatus: status, consecutiveFailures, failingSince: state.failingSince ?? now.toISOString() },
    // A backoff is wall time; the learned floor and ceiling stay for the 304 that ends it (so it needs no write either).
    { ...next, floorMinutes: state.pollFloorMinutes, ceilingMinutes: state.pollCeilingMinutes },
  );
  await deps.feedStates.put(failed);
  return { ...result, status: 'error', error: reason, articleWrites: 0, nextPollAt: failed.nextPollAt };
}
