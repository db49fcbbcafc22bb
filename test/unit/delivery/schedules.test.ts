import { describe, expect, it } from 'vitest';
import { nextDigestSlot, nextStormSlot } from '../../../shared/domain/delivery/digest-schedule.js';
import { quietHoursEnd } from '../../../shared/domain/delivery/quiet-hours.js';
import { backoffSeconds, decideRetry } from '../../../shared/domain/delivery/retry-policy.js';
import { heldByStorm, isStorming } from '../../../shared/domain/delivery/storm-control.js';
import { nextLocalClock, zonedInstant } from '../../../shared/domain/delivery/zoned-time.js';

const night = { start: '22:00', end: '07:00' };

describe('quiet hours', () => {
  it.each([
    ['inside, before midnight (Berlin, winter UTC+1)', night, 'Europe/Berlin', '2026-11-20T22:30:00Z', '2026-11-21T06:00:00Z'],
    ['inside, after midnight', night, 'Europe/Berlin', '2026-11-21T03:00:00Z', '2026-11-21T06:00:00Z'],
    ['at the start minute', night, 'Europe/Berlin', '2026-11-20T21:00:00Z', '2026-11-21T06:00:00Z'],
    ['at the end minute: over', night, 'Europe/Berlin', '2026-11-21T06:00:00Z', undefined],
    ['outside', night, 'Europe/Berlin', '2026-11-20T12:00:00Z', undefined],
    ['Yerevan UTC+4', night, 'Asia/Yerevan', '2026-11-20T20:00:00Z', '2026-11-21T03:00:00Z'],
    ['half-hour zone (Kolkata)', night, 'Asia/Kolkata', '2026-11-20T17:00:00Z', '2026-11-21T01:30:00Z'],
    ['same-day period', { start: '12:00', end: '14:00' }, 'UTC', '2026-11-20T13:59:00Z', '2026-11-20T14:00:00Z'],
    ['empty period', { start: '07:00', end: '07:00' }, 'UTC', '2026-11-20T07:00:00Z', undefined],
    ['malformed', { start: '25:00', end: '07:00' }, 'UTC', '2026-11-20T03:00:00Z', undefined],
    ['unknown zone falls back to UTC', night, 'Mars/Olympus', '2026-11-20T23:00:00Z', '2026-11-21T07:00:00Z'],
    ['across the spring DST change (Berlin, 29 Mar 2026)', night, 'Europe/Berlin', '2026-03-28T23:00:00Z', '2026-03-29T05:00:00Z'],
  ])('%s', (_n, quiet, zone, now, end) => {
    expect(quietHoursEnd(quiet, zone, new Date(now))?.toISOString()).toBe(end && new Date(end).toISOString());
  });

  it('is off without quiet hours', () => {
    expect(quietHoursEnd(undefined, 'UTC', new Date())).toBeUndefined();
  });
});

describe('digest slots', () => {
  it.each([
    ['daily 08:00 Berlin, same day', { frequency: 'daily', at: '08:00' }, 'Europe/Berlin', '2026-11-20T05:00:00Z', undefined, '2026-11-20T07:00:00Z'],
    ['daily 08:00 Berlin, next day', { frequency: 'daily', at: '08:00' }, 'Europe/Berlin', '2026-11-20T07:00:00Z', undefined, '2026-11-21T07:00:00Z'],
    ['daily defaults to 08:00', undefined, 'UTC', '2026-11-20T09:00:00Z', undefined, '2026-11-21T08:00:00Z'],
    ['hourly on the local hour (Kolkata +05:30)', { frequency: 'hourly' }, 'Asia/Kolkata', '2026-11-20T10:10:00Z', undefined, '2026-11-20T10:30:00Z'],
    ['hourly slot inside quiet hours moves to their end', { frequency: 'hourly' }, 'UTC', '2026-11-20T22:10:00Z', night, '2026-11-21T07:00:00Z'],
    ['daily slot after the DST change keeps the local time', { frequency: 'daily', at: '08:00' }, 'Europe/Berlin', '2026-03-28T12:00:00Z', undefined, '2026-03-29T06:00:00Z'],
  ] as const)('%s', (_n, schedule, zone, now, quiet, slot) => {
    expect(nextDigestSlot(schedule, zone, new Date(now), quiet).toISOString()).toBe(new Date(slot).toISOString());
  });

  it('storm digests go at the next full hour, after quiet hours', () => {
    expect(nextStormSlot(new Date('2026-11-20T12:05:00Z'), 'UTC').toISOString()).toBe('2026-11-20T13:00:00.000Z');
    expect(nextStormSlot(new Date('2026-11-20T23:05:00Z'), 'UTC', night).toISOString()).toBe('2026-11-21T07:00:00.000Z');
  });

  it('zonedInstant and nextLocalClock agree', () => {
    expect(zonedInstant({ year: 2026, month: 7, day: 1, hour: 12, minute: 0 }, 'America/New_York').toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(nextLocalClock(new Date('2026-07-01T16:00:00Z'), 12 * 60, 'America/New_York').toISOString()).toBe('2026-07-02T16:00:00.000Z');
  });
});

describe('storm control', () => {
  it.each([
    [20, false],
    [21, true],
  ])('%i articles in the window → storm %s', (count, storm) => {
    expect(isStorming(count, { threshold: 20, windowMinutes: 60 })).toBe(storm);
  });

  it.each([
    ['all topics storming', [{ topicId: 'a' }, { topicId: 'b' }], [{ topicId: 'a', count: 30 }, { topicId: 'b', count: 25 }], true],
    ['one calm topic', [{ topicId: 'a' }, { topicId: 'b' }], [{ topicId: 'a', count: 30 }], false],
    ['no storm', [{ topicId: 'a' }], undefined, false],
    ['no topics', [], [{ topicId: 'a', count: 30 }], false],
  ])('%s', (_n, matches, storm, held) => {
    expect(heldByStorm(matches, storm)).toBe(held);
  });
});

describe('retry policy', () => {
  it.each([
    [1, 2],
    [2, 4],
    [5, 32],
    [10, 900],
    [50, 900],
  ])('attempt %i backs off %i s', (attempt, seconds) => {
    expect(backoffSeconds(attempt)).toBe(seconds);
  });

  it('honours a provider delay, caps it, and parks when attempts run out', () => {
    expect(decideRetry({ kind: 'retry', delaySeconds: 7 }, 'r', 1)).toEqual({ kind: 'retry', delaySeconds: 7, reason: 'r' });
    expect(decideRetry({ kind: 'retry', delaySeconds: 5000 }, 'r', 1)).toEqual({ kind: 'retry', delaySeconds: 900, reason: 'r' });
    expect(decideRetry({ kind: 'retry', delaySeconds: 0 }, 'r', 10)).toEqual({ kind: 'park', reason: 'gave up after 10 attempts: r' });
  });
});
