import { describe, expect, it } from 'vitest';
import { MANUAL_CLOCK_START, ManualClock } from '../../support/manual-clock.js';

describe('ManualClock', () => {
  it('starts where it is told, or at a fixed instant', () => {
    expect(new ManualClock('2026-01-02T03:04:05Z').now().toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(new ManualClock(new Date(0)).now().getTime()).toBe(0);
    expect(new ManualClock().now().toISOString()).toBe(MANUAL_CLOCK_START);
  });

  it.each([
    [90_000, '2026-11-20T10:01:30.000Z'],
    [{ seconds: 30 }, '2026-11-20T10:00:30.000Z'],
    [{ minutes: 5, seconds: 1 }, '2026-11-20T10:05:01.000Z'],
    [{ hours: 2 }, '2026-11-20T12:00:00.000Z'],
    [{ days: 1, ms: 5 }, '2026-11-21T10:00:00.005Z'],
  ])('advances by %j', (by, expected) => {
    const clock = new ManualClock();
    expect(clock.advance(by).toISOString()).toBe(expected);
    expect(clock.now().toISOString()).toBe(expected);
  });

  it('sets any instant, backwards included, and refuses a non-instant', () => {
    const clock = new ManualClock();
    clock.set('2020-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(clock.set(5).getTime()).toBe(5);
    expect(() => clock.set('not a date')).toThrow(/not an instant/);
  });

  it('hands out fresh Dates from a bound now', () => {
    const clock = new ManualClock();
    const { now } = clock;
    const first = now();
    first.setTime(0);
    clock.advance(1000);
    expect(now().toISOString()).toBe('2026-11-20T10:00:01.000Z');
  });
});
