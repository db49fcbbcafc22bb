import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePublishingHours, learnPublishingHours } from '../../../shared/domain/polling/publishing-hours.js';
import {
  backoffMinutes,
  freshnessMinutes,
  isDue,
  LEARNED_SHARE,
  nextPollAtFrom,
  nextPollAfterFailure,
  nextPollAfterNotModified,
  nextPollAfterSuccess,
  publishingRateMinutes,
  retryAfterMinutes,
  type PollingConfig,
} from '../../../shared/domain/polling/schedule.js';

const now = new Date('2024-06-01T12:00:00Z');
const config: PollingConfig = { minIntervalMinutes: 5, maxIntervalMinutes: 1440 };
const minutesAfterNow = (d: Date) => (d.getTime() - now.getTime()) / 60_000;
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

describe('nextPollAfterSuccess', () => {
  it('polls a busy feed at the minimum interval', () => {
    const published = Array.from({ length: 2000 }, (_, i) => hoursAgo(i * 0.05));
    expect(nextPollAfterSuccess({ now, config, published })).toMatchObject({ intervalMinutes: 5, basis: 'publishing-rate' });
  });

  it('polls a feed with one item a day every 12 hours (half the mean gap)', () => {
    const published = Array.from({ length: 7 }, (_, i) => hoursAgo(i * 24 + 1));
    const next = nextPollAfterSuccess({ now, config, published });
    expect(next.intervalMinutes).toBe(720);
    expect(minutesAfterNow(next.nextPollAt)).toBe(720);
  });

  it('polls a silent feed at the maximum interval, never later', () => {
    expect(nextPollAfterSuccess({ now, config, published: [hoursAgo(24 * 30), undefined] })).toMatchObject({ intervalMinutes: 1440, basis: 'no-recent-items' });
  });

  it.each([
    [{ ttlMinutes: 60 }, 60, 'ttl'],
    [{ headers: { 'cache-control': 'public, max-age=1800' } }, 30, 'cache-control'],
    [{ headers: { 'cache-control': 'max-age=3600', age: '600' } }, 50, 'cache-control'],
    [{ headers: { expires: 'Sat, 01 Jun 2024 14:00:00 GMT', date: 'Sat, 01 Jun 2024 12:00:00 GMT' } }, 120, 'expires'],
    [{ ttlMinutes: 60 * 24 * 7 }, 1440, 'ttl'],
    [{ headers: { 'cache-control': 'no-cache, max-age=9999' } }, 5, 'publishing-rate'],
  ])('honours server hints %j as a lower bound, clamped', (hints, minutes, basis) => {
    const busy = Array.from({ length: 2000 }, (_, i) => hoursAgo(i * 0.05));
    expect(nextPollAfterSuccess({ now, config, published: busy, ...hints })).toMatchObject({ intervalMinutes: minutes, basis });
  });

  it('respects a configured range', () => {
    const narrow = { minIntervalMinutes: 15, maxIntervalMinutes: 60 };
    expect(nextPollAfterSuccess({ now, config: narrow, published: [] }).intervalMinutes).toBe(60);
    expect(nextPollAfterSuccess({ now, config: narrow, published: Array.from({ length: 500 }, (_, i) => hoursAgo(i * 0.1)) }).intervalMinutes).toBe(15);
  });
});

describe('publishingRateMinutes (half the gap between dated items of the last week)', () => {
  const every = (count: number, gapMinutes: number, startHoursAgo = 0) => Array.from({ length: count }, (_, i) => hoursAgo(startHoursAgo + (i * gapMinutes) / 60));
  it.each([
    ['30 items, 20 a day (one per 72 min)', every(30, 72), 36],
    ['30 items, 20 a day, newest 20 min ago', every(30, 72, 1 / 3), 36],
    ['7 items, one a day', every(7, 24 * 60, 1), 720],
    ['30 items, one an hour, order and undated items ignored', [...every(30, 60).reverse(), undefined, 'not a date'], 30],
    ['a burst of 30 a week ago, quiet since', every(30, 1, 6 * 24), (6 * 24 * 60) / 2],
    ['one dated item: one a week', [hoursAgo(2), undefined], (7 * 24 * 60) / 2],
    ['items older than a week or in the future do not count', [hoursAgo(-48), hoursAgo(24 * 8)], undefined],
    ['no dates', [undefined, undefined], undefined],
  ])('%s → %s minutes', (_name, published, minutes) => {
    const rate = publishingRateMinutes(published, now);
    if (minutes === undefined) expect(rate).toBeUndefined();
    else expect(rate).toBeCloseTo(minutes, 6);
  });

  it.each([
    [{ minIntervalMinutes: 5, maxIntervalMinutes: 1440 }, every(30, 72), 36],
    [{ minIntervalMinutes: 60, maxIntervalMinutes: 1440 }, every(30, 72), 60],
    [{ minIntervalMinutes: 5, maxIntervalMinutes: 20 }, every(30, 72), 20],
    [{ minIntervalMinutes: 5, maxIntervalMinutes: 1440 }, every(2000, 3), 5],
  ])('the next poll after a 200 is clamped to %j', (range, published, minutes) => {
    expect(nextPollAfterSuccess({ now, config: range, published })).toMatchObject({ intervalMinutes: minutes, basis: 'publishing-rate' });
  });
});

describe('nextPollAfterNotModified', () => {
  it('keeps the previous interval', () => {
    expect(nextPollAfterNotModified({ now, config, previousIntervalMinutes: 90 })).toMatchObject({ intervalMinutes: 90, basis: 'previous-interval' });
  });
  it.each([
    ['publishing-rate', 'publishing-rate'],
    ['ttl', 'ttl'],
    ['backoff', 'previous-interval'],
    ['retry-after', 'previous-interval'],
    [undefined, 'previous-interval'],
  ])('keeps the evidence that chose the interval (%s → %s)', (previousBasis, basis) => {
    expect(nextPollAfterNotModified({ now, config, previousIntervalMinutes: 90, previousBasis })).toMatchObject({ intervalMinutes: 90, basis });
  });
  it('waits longer when the 304 carries a longer max-age', () => {
    expect(nextPollAfterNotModified({ now, config, previousIntervalMinutes: 10, headers: { 'cache-control': 'max-age=3600' } })).toMatchObject({ intervalMinutes: 60, basis: 'cache-control' });
  });
});

describe('backoff after failures', () => {
  it.each([
    [1, 0, 2.5],
    [1, 0.999999, 5],
    [2, 0, 5],
    [3, 0, 10],
    [4, 1, 40],
    [30, 1, 1440],
    [10_000, 0.5, 1080],
  ])('failure %i with jitter %d → %d minutes', (n, jitter, minutes) => {
    expect(backoffMinutes(n, config, () => jitter)).toBeCloseTo(minutes, 3);
  });

  it('never parks a feed: the next poll is always within the max interval', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.option(fc.string(), { nil: undefined }), (n, r, retryAfter) => {
        const next = nextPollAfterFailure({ now, config, consecutiveFailures: n, random: () => r, headers: { 'retry-after': retryAfter } });
        const minutes = minutesAfterNow(next.nextPollAt);
        expect(minutes).toBeGreaterThanOrEqual(config.minIntervalMinutes);
        expect(minutes).toBeLessThanOrEqual(config.maxIntervalMinutes);
      }),
    );
  });

  it('spreads retries with jitter from the injected source', () => {
    const a = nextPollAfterFailure({ now, config, consecutiveFailures: 5, random: () => 0.1 });
    const b = nextPollAfterFailure({ now, config, consecutiveFailures: 5, random: () => 0.9 });
    expect(a.nextPollAt.getTime()).toBeLessThan(b.nextPollAt.getTime());
  });

  it.each([
    ['7200', 120, 'retry-after'],
    ['Sat, 01 Jun 2024 15:00:00 GMT', 180, 'retry-after'],
    ['30', 2.5, 'backoff'],
    ['999999999', 1440, 'retry-after'],
  ])('honours Retry-After %s when it asks for longer than the backoff', (value, minutes, basis) => {
    expect(nextPollAfterFailure({ now, config, consecutiveFailures: 1, random: () => 0, headers: { 'retry-after': value } })).toMatchObject({ intervalMinutes: Math.max(minutes, 5), basis });
  });
});

describe('header helpers', () => {
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMinutes('120', now)).toBe(2);
    expect(retryAfterMinutes('Sat, 01 Jun 2024 12:30:00 GMT', now)).toBe(30);
    expect(retryAfterMinutes('soon', now)).toBeUndefined();
  });
  it('ignores stale or absent freshness', () => {
    expect(freshnessMinutes({ expires: 'Sat, 01 Jun 2024 11:00:00 GMT' }, now)).toBeUndefined();
    expect(freshnessMinutes({ 'cache-control': 'max-age=0' }, now)).toBeUndefined();
    expect(freshnessMinutes({}, now)).toBeUndefined();
  });
});

describe('with learned publishing hours', () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  /** Monday 16 November 2026, 00:00 UTC. */
  const MONDAY = Date.UTC(2026, 10, 16);
  /** Ten items a weekday between 9:00 and 17:00 UTC, for three weeks; the hours learned from the first two. */
  const office: number[] = [];
  for (let d = 0; d < 21; d++) if (d % 7 < 5) for (let k = 0; k < 10; k++) office.push(MONDAY + d * DAY + 9 * HOUR + k * 48 * 60_000);
  const hours = encodePublishingHours(learnPublishingHours(undefined, office, MONDAY + 14 * DAY));
  /** What a feed shows at `t`: its ten newest items by then. */
  const shown = (t: number) => office.filter((x) => x <= t).slice(-10).map((x) => new Date(x).toISOString());
  const tuesday = MONDAY + 15 * DAY;
  const after = (at: number, publishingHours?: string) => nextPollAfterSuccess({ now: new Date(at), config, published: shown(at), publishingHours });
  const waited = (next: { nextPollAt: Date }, at: number) => (next.nextPollAt.getTime() - at) / 60_000;

  it('polls more often in the hours the feed publishes than every hour alike would', () => {
    const at = tuesday + 11 * HOUR + 30 * 60_000;
    const learned = after(at, hours);
    expect(learned).toMatchObject({ basis: 'publishing-rate', floorMinutes: 5, ceilingMinutes: 1440 });
    expect(waited(learned, at)).toBeLessThan(waited(after(at), at) / 2);
    expect(waited(learned, at)).toBeLessThanOrEqual(25);
  });

  it('and less in those it does not: after the day\'s last item, not before late evening', () => {
    const at = tuesday + 17 * HOUR + 30 * 60_000;
    expect(waited(after(at, hours), at)).toBeGreaterThan(4 * 60);
    expect(waited(after(at), at)).toBeLessThan(3 * 60);
  });

  it('gaps are counted on the feed\'s clock: a weekend it always rests through is no silence on Monday morning', () => {
    const monday = MONDAY + 14 * DAY + 9 * HOUR + 10 * 60_000;
    expect(waited(after(monday, hours), monday)).toBeLessThan(30);
    // Every hour alike, the quiet weekend stretches the mean gap of the ten items shown (Friday to Monday 9:00).
    expect(waited(after(monday), monday)).toBeGreaterThan(3 * 60);
  });

  it(`waits ${LEARNED_SHARE} × the half-gap on the feed's clock, within the min interval, the hints and the max interval`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 * DAY }), fc.option(fc.integer({ min: 0, max: 3 * 60 * 60 }), { nil: undefined }), (offset, maxAge) => {
        const at = MONDAY + 14 * DAY + offset;
        const next = nextPollAfterSuccess({ now: new Date(at), config, published: shown(at), publishingHours: hours, headers: maxAge === undefined ? {} : { 'cache-control': `max-age=${maxAge}` } });
        const minutes = waited(next, at);
        expect(minutes).toBeGreaterThanOrEqual(Math.max(5, (maxAge ?? 0) / 60) - 1e-6);
        expect(minutes).toBeLessThanOrEqual(1440);
      }),
    );
  });

  it('a 304 places its next poll as the stored schedule says (what last-poll.ts derives without a write)', () => {
    const at = tuesday + 10 * HOUR;
    const first = after(at, hours);
    const later = first.nextPollAt;
    const kept = nextPollAfterNotModified({ now: later, config, previousIntervalMinutes: first.intervalMinutes, previousBasis: first.basis, publishingHours: hours, previousFloorMinutes: first.floorMinutes });
    expect(kept).toMatchObject({ intervalMinutes: first.intervalMinutes, basis: first.basis, floorMinutes: first.floorMinutes, ceilingMinutes: first.ceilingMinutes });
    expect(kept.nextPollAt).toEqual(nextPollAtFrom(later, { intervalMinutes: first.intervalMinutes, publishingHours: hours, floorMinutes: first.floorMinutes, ceilingMinutes: first.ceilingMinutes }));
    // A 304 whose max-age asks for longer raises the floor.
    const hinted = nextPollAfterNotModified({ now: later, config, previousIntervalMinutes: first.intervalMinutes, publishingHours: hours, previousFloorMinutes: first.floorMinutes, headers: { 'cache-control': 'max-age=7200' } });
    expect(hinted).toMatchObject({ intervalMinutes: 120, basis: 'cache-control', floorMinutes: 120 });
    expect(waited(hinted, later.getTime())).toBeGreaterThanOrEqual(120);
  });

  it('without a stored floor and ceiling, the stored interval is wall time', () => {
    const from = new Date(tuesday + 10 * HOUR);
    expect(nextPollAtFrom(from, { intervalMinutes: 30, publishingHours: hours })).toEqual(new Date(from.getTime() + 30 * 60_000));
  });
});

describe('isDue', () => {
  const at = new Date('2026-11-20T10:00:30.000Z');
  it.each([
    [undefined, true],
    ['2026-11-20T09:00:00.000Z', true],
    // The tick came 30 s early for a poll set one interval after the last poll, itself 30 s after its tick.
    ['2026-11-20T10:01:00.000Z', true],
    ['2026-11-20T10:02:30.000Z', true],
    ['2026-11-20T10:02:31.000Z', false],
  ])('next poll %s → due %s', (nextPollAt, due) => {
    expect(isDue(nextPollAt, at)).toBe(due);
  });
});
