/** What a consumer should do with a delivery that failed. */
export type FailureAction =
  | { kind: 'retry'; delaySeconds: number }
  | { kind: 'park'; reason: string }
  | { kind: 'disable-channel'; reason: string }
  | { kind: 'halt'; reason: string };

/** Adapters throw this (never return errors) so use cases can decide without knowing the technology. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly action: FailureAction,
    readonly provider: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** An invalid configuration value: names the offending key. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`Invalid config at ${key}: ${message}`);
    this.name = 'ConfigError';
  }
}
