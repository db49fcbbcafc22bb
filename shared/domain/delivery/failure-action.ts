/** What a consumer should do with a delivery that failed. */
export type FailureAction =
  | { kind: 'retry'; delaySeconds: number }
  | { kind: 'park'; reason: string }
  | { kind: 'disable-channel'; reason: string }
  | { kind: 'halt'; reason: string };
