/** Injected time source: domain and use cases never read the wall clock themselves. */
export interface Clock {
  now(): Date;
}

/** Waits `ms` milliseconds of real time (tests hand in one that moves their manual clock instead). */
export type Sleep = (ms: number) => Promise<void>;
