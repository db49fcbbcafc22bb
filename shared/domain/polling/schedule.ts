/**
 * When to poll a feed next. Pure: `now`, the config and a jitter source are passed in.
 *
 * - After new content (200): an adaptive interval from the feed's publishing rate (half the mean
 *   gap between its dated items of the last week, see publishingRateMinutes), never sooner than the feed asks (RSS <ttl>,
 *   Cache-Control max-age, Expires), clamped to [min, max].
 * - After 304: the interval used last time and its basis (or the feed's hints, when longer), clamped.
 * - With learned publishing hours (publishing-hours.ts), time is counted on the feed's own clock (activity-minutes:
 *   fast in the hours it usually publishes, slow in those it does not), both for its gaps (a night it always sleeps
 *   through is no silence) and for the wait: the next poll comes after LEARNED_SHARE × the half-gap in activity-minutes,
 *   so sooner in its busy hours and later in its quiet ones, never sooner than the min interval or the server's hints,
 *   never later than the max interval. The polls an hours-alike schedule spends in the hours a feed sleeps through go to
 *   the hours it publishes in (see the freshness bench). The floor and ceiling are returned (and stored) so a 304 that
 *   changed nothing can be derived without a write (last-poll.ts).
 * - After a failure: exponential backoff (base × 2^(n-1)) with equal jitter, capped; Retry-After
 *   is honoured when it asks for longer. The cap is at most the max interval, so a feed is never
 *   parked forever, and a success resets the count.
 */

import { activityByHourOfWeek, activityMinutes, afterActivityMinutes, decodePublishingHours, feedClock, type FeedClock } from './publishing-hours.js';

export interface PollingConfig {
  minIntervalMinutes: number;
  maxIntervalMinutes: number;
  /** First backoff step after a failure (default: the min interval). */
  backoffBaseMinutes?: number;
  /** Largest backoff (default: the max interval; never more than it). */
  backoffCapMinutes?: number;
}

export const DEFAULT_POLLING_CONFIG: PollingConfig = { minIntervalMinutes: 5, maxIntervalMinutes: 24 * 60 };

/**
 * With learned hours, the share of the half-gap (in activity-minutes) a feed waits between polls. Below 1 because the
 * learned clock no longer spends polls on the hours a feed sleeps through: in the freshness bench, 0.63 keeps the polls
 * a day (hub feeds polled slowly) under every-hour-alike's, at about half its delay.
 */
export const LEARNED_SHARE = 0.63;

/**
 * How early a poll may run before its time. Polls run when a dispatch tick (every 5 min) finds them due, and a poll
 * runs seconds after its tick: without this slack a 5-minute interval would miss the next tick and wait for the one after.
 */
export const DUE_EARLY_MS = 2 * 60_000;

/** Whether a feed's next poll is due at `now` (a feed never scheduled is), up to `earlyMs` ahead of its time. */
export function isDue(nextPollAt: string | undefined, now: Date, earlyMs = DUE_EARLY_MS): boolean {
  return !nextPollAt || Date.parse(nextPollAt) <= now.getTime() + earlyMs;
}

export interface NextPoll {
  nextPollAt: Date;
  intervalMinutes: number;
  /** Which evidence decided, for health pages and logs. */
  basis: 'publishing-rate' | 'no-recent-items' | 'ttl' | 'cache-control' | 'expires' | 'previous-interval' | 'backoff' | 'retry-after';
  /** Set when learned publishing hours placed the poll: the shortest and longest wall-clock wait they may choose. */
  floorMinutes?: number;
  ceilingMinutes?: number;
}

/** Response headers, lower-case names (as fetchers report them). */
export type Headers = Record<string, string | undefined>;

const MINUTE = 60_000;
const WEEK_MINUTES = 7 * 24 * 60;

function clamp(minutes: number, config: PollingConfig): number {
  const min = Math.max(1, config.minIntervalMinutes);
  const max = Math.max(min, config.maxIntervalMinutes);
  if (!Number.isFinite(minutes)) return max;
  return Math.min(max, Math.max(min, minutes));
}

function at(now: Date, minutes: number): Date {
  return new Date(now.getTime() + Math.round(minutes * MINUTE));
}

function httpDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** Retry-After as minutes from now: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function retryAfterMinutes(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Number(v) / 60;
  const t = httpDate(v);
  if (t === undefined) return undefined;
  return Math.max(0, (t - now.getTime()) / MINUTE);
}

/** How long the server says its response stays fresh, in minutes: max-age (s-maxage) first, then Expires − Date. */
export function freshnessMinutes(headers: Headers, now: Date): { minutes: number; basis: 'cache-control' | 'expires' } | undefined {
  const cc = (headers['cache-control'] ?? '').toLowerCase();
  if (/\b(no-store|no-cache)\b/.test(cc)) return undefined;
  const maxAge = /\b(?:s-maxage|max-age)\s*=\s*"?(\d{1,10})"?/.exec(cc);
  if (maxAge) {
    const seconds = Number(maxAge[1]);
    const age = Number(headers.age ?? 0);
    const remaining = seconds - (Number.isFinite(age) ? age : 0);
    return remaining > 0 ? { minutes: remaining / 60, basis: 'cache-control' } : undefined;
  }
  const expires = httpDate(headers.expires);
  if (expires !== undefined) {
    const date = httpDate(headers.date) ?? now.getTime();
    const minutes = (expires - date) / MINUTE;
    return minutes > 0 ? { minutes, basis: 'expires' } : undefined;
  }
  return undefined;
}

/**
 * Half the feed's publishing gap, from the items' own dates in the last week: the mean gap between the
 * newest and the oldest dated item, but never less than the time since the newest (a feed that published
 * a burst and went quiet is not polled at the burst's rate). One dated item: one per week.
 * Undefined when no item is dated within the week.
 */
export function publishingRateMinutes(published: (string | undefined)[], now: Date, clock?: FeedClock): number | undefined {
  const since = now.getTime() - WEEK_MINUTES * MINUTE;
  const times = published
    .map((p) => (p ? Date.parse(p) : Number.NaN))
    .filter((t) => Number.isFinite(t) && t >= since && t <= now.getTime() + 5 * MINUTE)
    .sort((a, b) => a - b);
  if (times.length === 0) return undefined;
  if (times.length === 1) return WEEK_MINUTES / 2;
  const newest = times[times.length - 1]!;
  // With learned hours, gaps are counted on the feed's own clock: a night it always sleeps through is no silence.
  const span = (from: number, to: number) => (clock ? activityMinutes(clock, from, to) : Math.max(0, to - from) / MINUTE);
  const meanGap = span(times[0]!, newest) / (times.length - 1);
  const quietFor = span(newest, now.getTime());
  return Math.max(meanGap, quietFor) / 2;
}

function hinted(headers: Headers, ttlMinutes: number | undefined, now: Date): { minutes: number; basis: NextPoll['basis'] } | undefined {
  const candidates: { minutes: number; basis: NextPoll['basis'] }[] = [];
  if (ttlMinutes && ttlMinutes > 0) candidates.push({ minutes: ttlMinutes, basis: 'ttl' });
  const fresh = freshnessMinutes(headers, now);
  if (fresh) candidates.push(fresh);
  return candidates.sort((a, b) => b.minutes - a.minutes)[0];
}

// Dispatch reads every feed's state each tick, and each read may derive a 304's next poll: decode each profile once.
const clocks = new Map<string, FeedClock>();

/** The feed's clock from a packed profile, or undefined without one. */
function clockOf(publishingHours: string | undefined): FeedClock | undefined {
  if (!publishingHours) return undefined;
  const cached = clocks.get(publishingHours);
  if (cached) return cached;
  const profile = decodePublishingHours(publishingHours);
  if (!profile) return undefined;
  const clock = feedClock(activityByHourOfWeek(profile));
  if (clocks.size >= 5000) clocks.clear();
  clocks.set(publishingHours, clock);
  return clock;
}

/** The next poll `intervalMinutes` after `now`: on the feed's own clock when it has learned hours. */
function placed(now: Date, intervalMinutes: number, basis: NextPoll['basis'], clock: FeedClock | undefined, floorMinutes: number, config: PollingConfig): NextPoll {
  if (!clock) return { nextPollAt: at(now, intervalMinutes), intervalMinutes, basis };
  const floor = clamp(floorMinutes, config);
  const ceiling = clamp(config.maxIntervalMinutes, config);
  return { nextPollAt: new Date(afterActivityMinutes(clock, now.getTime(), intervalMinutes, floor, ceiling)), intervalMinutes, basis, floorMinutes: floor, ceilingMinutes: ceiling };
}

/**
 * When the next poll falls for a stored schedule: `intervalMinutes` after `from`, on the feed's own clock when the state
 * has learned hours and the floor and ceiling they were placed within. What a 304 that changed nothing would choose.
 */
export function nextPollAtFrom(from: Date, schedule: { intervalMinutes: number; publishingHours?: string; floorMinutes?: number; ceilingMinutes?: number }): Date {
  const clock = schedule.floorMinutes !== undefined && schedule.ceilingMinutes !== undefined ? clockOf(schedule.publishingHours) : undefined;
  if (!clock) return at(from, schedule.intervalMinutes);
  return new Date(afterActivityMinutes(clock, from.getTime(), schedule.intervalMinutes, schedule.floorMinutes!, schedule.ceilingMinutes!));
}

/**
 * Next poll after a 200 with content. `published` are the entries' dates (ISO); `publishingHours` the feed's learned
 * profile (packed, already updated with this poll's new items), if it has one.
 */
export function nextPollAfterSuccess(input: { now: Date; config?: PollingConfig; headers?: Headers; ttlMinutes?: number; published: (string | undefined)[]; publishingHours?: string }): NextPoll {
  const config = input.config ?? DEFAULT_POLLING_CONFIG;
  const clock = clockOf(input.publishingHours);
  const rate = publishingRateMinutes(input.published, input.now, clock);
  let minutes = rate === undefined ? config.maxIntervalMinutes : clock ? rate * LEARNED_SHARE : rate;
  let basis: NextPoll['basis'] = rate === undefined ? 'no-recent-items' : 'publishing-rate';
  const hint = hinted(input.headers ?? {}, input.ttlMinutes, input.now);
  if (hint && hint.minutes > minutes) ({ minutes, basis } = hint);
  return placed(input.now, clamp(minutes, config), basis, clock, Math.max(config.minIntervalMinutes, hint?.minutes ?? 0), config);
}

const KEPT_BASES: ReadonlySet<string> = new Set<NextPoll['basis']>(['publishing-rate', 'no-recent-items', 'ttl', 'cache-control', 'expires', 'previous-interval']);

/**
 * The basis of an interval a 304 keeps: the evidence that chose it (a backoff's becomes 'previous-interval').
 * Keeping it means a 304 after a 200 changes nothing but the poll's times, so it needs no state write.
 */
export function basisKeptAfterNotModified(previousBasis: string | undefined): NextPoll['basis'] {
  return previousBasis && KEPT_BASES.has(previousBasis) ? (previousBasis as NextPoll['basis']) : 'previous-interval';
}

/**
 * Next poll after a 304: keep the previous interval (and what chose it) unless the server now asks for longer. With
 * learned hours it is placed on the feed's clock again, within the previous floor (raised by this answer's hints).
 */
export function nextPollAfterNotModified(input: {
  now: Date;
  config?: PollingConfig;
  headers?: Headers;
  previousIntervalMinutes?: number;
  previousBasis?: string;
  publishingHours?: string;
  previousFloorMinutes?: number;
}): NextPoll {
  const config = input.config ?? DEFAULT_POLLING_CONFIG;
  let minutes = input.previousIntervalMinutes ?? config.minIntervalMinutes;
  let basis: NextPoll['basis'] = input.previousIntervalMinutes === undefined ? 'previous-interval' : basisKeptAfterNotModified(input.previousBasis);
  const hint = hinted(input.headers ?? {}, undefined, input.now);
  if (hint && hint.minutes > minutes) ({ minutes, basis } = hint);
  const floor = Math.max(input.previousFloorMinutes ?? config.minIntervalMinutes, hint?.minutes ?? 0);
  return placed(input.now, clamp(minutes, config), basis, clockOf(input.publishingHours), floor, config);
}

/** The backoff delay in minutes for the n-th consecutive failure (n ≥ 1), jitter from `random()` ∈ [0, 1). */
export function backoffMinutes(consecutiveFailures: number, config: PollingConfig, random: () => number): number {
  const base = Math.max(1, config.backoffBaseMinutes ?? config.minIntervalMinutes);
  const cap = Math.min(config.backoffCapMinutes ?? config.maxIntervalMinutes, config.maxIntervalMinutes);
  const exponent = Math.min(Math.max(consecutiveFailures, 1) - 1, 30);
  const ceiling = Math.min(cap, base * 2 ** exponent);
  // Equal jitter: half fixed, half random, so retries of many feeds spread without collapsing to zero.
  const r = Math.min(Math.max(random(), 0), 1);
  return ceiling / 2 + (ceiling / 2) * r;
}

/**
 * Next poll after a failure. `consecutiveFailures` counts this one. A Retry-After longer than the
 * backoff wins (up to the max interval).
 */
export function nextPollAfterFailure(input: { now: Date; config?: PollingConfig; consecutiveFailures: number; headers?: Headers; random: () => number }): NextPoll {
  const config = input.config ?? DEFAULT_POLLING_CONFIG;
  let minutes = backoffMinutes(input.consecutiveFailures, config, input.random);
  let basis: NextPoll['basis'] = 'backoff';
  const retryAfter = retryAfterMinutes(input.headers?.['retry-after'], input.now);
  if (retryAfter !== undefined && retryAfter > minutes) {
    minutes = retryAfter;
    basis = 'retry-after';
  }
  const intervalMinutes = clamp(minutes, config);
  return { nextPollAt: at(input.now, intervalMinutes), intervalMinutes, basis };
}
