/** Politeness towards the sites whose pages are fetched: one request at a time per host, spaced apart. */
export interface HostPacer {
  /**
   * Runs `request` once `host` is free and its spacing since the last request has passed, unless that comes later
   * than `startBy` (a monotonic time, ms): then it does not run and `{ ran: false }` says so.
   */
  run<T>(host: string, startBy: number, request: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  /** Monotonic milliseconds (performance.now() in production: the page extractor's `by` is on the same clock), the time `startBy` is in. */
  now(): number;
}
