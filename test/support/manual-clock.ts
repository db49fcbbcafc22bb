import type { Clock } from '../../shared/ports/clock.js';

export type Duration = number | { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number };

const MS = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, ms: 1 } as const;

export function durationMs(d: Duration): number {
  if (typeof d === 'number') return d;
  return Object.entries(d).reduce((sum, [unit, n]) => sum + (n ?? 0) * MS[unit as keyof typeof MS], 0);
}

/** The instant a ManualClock starts at when a test does not care: Friday 20 November 2026, 10:00 UTC. */
export const MANUAL_CLOCK_START = '2026-11-20T10:00:00.000Z';

/**
 * A clock that moves only when the test says so. `now` is bound, so it can be handed on alone
 * (`new MemoryQueue('q', clock.now)`); every call returns a fresh Date. Fractions of a millisecond
 * add up, but a Date has none, so `now()` shows the whole millisecond: to wait until a fractional
 * instant, round it up.
 */
export class ManualClock implements Clock {
  #ms: number;

  constructor(start: Date | string | number = MANUAL_CLOCK_START) {
    this.#ms = ManualClock.#toMs(start);
  }

  readonly now = (): Date => new Date(this.#ms);

  /** Jumps to `instant` (forwards or backwards) and returns it. */
  set(instant: Date | string | number): Date {
    this.#ms = ManualClock.#toMs(instant);
    return this.now();
  }

  /** Moves forward by `by` (milliseconds, or { days, hours, minutes, seconds, ms }) and returns the new now. */
  advance(by: Duration): Date {
    this.#ms += durationMs(by);
    return this.now();
  }

  static #toMs(instant: Date | string | number): number {
    const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'string' ? Date.parse(instant) : instant;
    if (!Number.isFinite(ms)) throw new Error(`ManualClock: not an instant: ${String(instant)}`);
    return ms;
  }
}

/**
 * A Sleep that moves `clock` instead of waiting: each sleeper wakes at (or, when another sleeper moved the clock
 * further, after) the whole millisecond it asked for, as a timer would. Time never goes back.
 */
export function manualSleep(clock: ManualClock): (ms: number) => Promise<void> {
  return async (ms) => {
    const until = clock.now().getTime() + Math.ceil(ms);
    await Promise.resolve();
    if (clock.now().getTime() < until) clock.set(until);
  };
}
