import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffMinutes,
  freshnessMinutes,
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
