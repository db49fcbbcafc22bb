import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activityByHourOfWeek,
  activityMinutes,
  afterActivityMinutes,
  decodePublishingHours,
  encodePublishingHours,
  feedClock,
  HALF_LIFE_MS,
  learnPublishingHours,
  weightOf,
  type PublishingHours,
} from '../../../shared/domain/polling/publishing-hours.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 16 November 2026, 00:00 UTC. */
const MONDAY = Date.UTC(2026, 10, 16);

/** An office-hours feed: `perDay` items between 9:00 and 17:00 UTC, Monday to Friday, for `weeks` weeks from MONDAY. */
function officeHours(weeks: number, perDay = 8): number[] {
  const times: number[] = [];
  for (let d = 0; d < weeks * 7; d++) {
    if (d % 7 >= 5) continue;
    for (let k = 0; k < perDay; k++) times.push(MONDAY + d * DAY + 9 * HOUR + (k * 8 * HOUR) / perDay);
  }
  return times;
}

const activityAt = (p: PublishingHours, t: number) => {
  const d = new Date(t);
  return activityByHourOfWeek(p)[d.getUTCDay() * 24 + d.getUTCHours()]!;
};

describe('learnPublishingHours', () => {
  const now = MONDAY + 14 * DAY;
  const learned = learnPublishingHours(undefined, officeHours(2), now);

  it('finds the hours and weekdays a feed publishes in', () => {
    const tuesday = MONDAY + 15 * DAY;
    expect(activityAt(learned, tuesday + 11 * HOUR)).toBeGreaterThan(3);
    expect(activityAt(learned, tuesday + 3 * HOUR)).toBeLessThan(0.3);
    // Sunday at 11:00: the right hour, the wrong day.
    expect(activityAt(learned, MONDAY + 13 * DAY + 11 * HOUR)).toBeLessThan(activityAt(learned, tuesday + 11 * HOUR) / 3);
  });

  it('averages about 1 over the week, and is flat (1) without evidence', () => {
    const mean = activityByHourOfWeek(learned).reduce((a, b) => a + b, 0) / 168;
    expect(mean).toBeGreaterThan(0.8);
    expect(mean).toBeLessThan(1.2);
    expect(new Set(activityByHourOfWeek(learnPublishingHours(undefined, [], now)))).toEqual(new Set([1]));
  });

  it('trusts little evidence little: one item makes its hour busier, not the only one', () => {
    const one = learnPublishingHours(undefined, [MONDAY + 10 * HOUR], MONDAY + 11 * HOUR);
    expect(activityAt(one, MONDAY + 7 * DAY + 10 * HOUR)).toBeGreaterThan(1);
    expect(activityAt(one, MONDAY + 7 * DAY + 22 * HOUR)).toBeGreaterThan(0.5);
  });

  it('forgets: counts halve every half-life, and items outside the learning window or ahead of now teach nothing', () => {
    expect(weightOf(learned)).toBe(80);
    expect(weightOf(learnPublishingHours(learned, [], now + HALF_LIFE_MS))).toBeCloseTo(40, 6);
    expect(weightOf(learnPublishingHours(undefined, [now - 40 * DAY, now + HOUR, Number.NaN], now))).toBe(0);
  });
});

describe('packed publishing hours', () => {
  const learned = learnPublishingHours(undefined, officeHours(3, 20), MONDAY + 21 * DAY);

  it('pack into under 50 characters and read back nearly the same', () => {
    const packed = encodePublishingHours(learned);
    expect(packed.length).toBeLessThan(50);
    const read = decodePublishingHours(packed)!;
    expect(weightOf(read)).toBeCloseTo(weightOf(learned), 1);
    expect(read.at).toBe(learned.at);
    const before = activityByHourOfWeek(learned);
    activityByHourOfWeek(read).forEach((a, i) => expect(a).toBeCloseTo(before[i]!, 1));
  });

  it.each([undefined, '', 'nonsense', 'A'.repeat(31), `${'A'.repeat(30)}!.3.abc`])('read %j as none', (packed) => {
    expect(decodePublishingHours(packed)).toBeUndefined();
  });
});

describe("a feed's clock", () => {
  const clock = feedClock(activityByHourOfWeek(learnPublishingHours(undefined, officeHours(2), MONDAY + 14 * DAY)));
  const flat = feedClock(Array<number>(168).fill(1));
  const tuesday = MONDAY + 15 * DAY;

  it('runs fast in the busy hours and slow in the quiet ones; a flat clock is the wall clock', () => {
    expect(activityMinutes(clock, tuesday + 10 * HOUR, tuesday + 11 * HOUR)).toBeGreaterThan(180);
    expect(activityMinutes(clock, tuesday + 2 * HOUR, tuesday + 3 * HOUR)).toBeLessThan(20);
    expect(activityMinutes(flat, tuesday + 2.5 * HOUR, tuesday + 50 * HOUR)).toBeCloseTo(47.5 * 60, 6);
    expect(activityMinutes(clock, tuesday, tuesday + 7 * DAY)).toBeCloseTo(clock.cumulative[168]!, 6);
  });

  it('afterActivityMinutes inverts activityMinutes, within the floor and ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 * DAY }), fc.double({ min: 1, max: 3000, noNaN: true }), (offset, minutes) => {
        const from = MONDAY + offset;
        const at = afterActivityMinutes(clock, from, minutes, 5, 24 * 60);
        expect(at).toBeGreaterThanOrEqual(from + 5 * 60_000);
        expect(at).toBeLessThanOrEqual(from + 24 * HOUR);
        if (at > from + 5 * 60_000 && at < from + 24 * HOUR) expect(activityMinutes(clock, from, at)).toBeCloseTo(minutes, 0);
      }),
    );
  });

  it('an hour of activity is under 20 minutes at 10:00, and past midnight when asked for at 18:00', () => {
    expect(afterActivityMinutes(clock, tuesday + 10 * HOUR, 60, 5, 24 * 60)).toBeLessThan(tuesday + 10 * HOUR + 20 * 60_000);
    expect(afterActivityMinutes(clock, tuesday + 18 * HOUR, 60, 5, 24 * 60)).toBeGreaterThan(tuesday + DAY);
  });
});
