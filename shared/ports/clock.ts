/** Injected time source: domain and use cases never read the wall clock themselves. */
export interface Clock {
  now(): Date;
}
