import type { Clock } from '../ports/clock.js';

/** The wall clock, for the runtimes; domain code and use cases take a Clock instead. */
export const systemClock: Clock = { now: () => new Date() };
