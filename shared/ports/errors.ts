import type { FailureAction } from '../domain/delivery/failure-action.js';

export type { FailureAction };

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

/** Telegram: the group became a supergroup; the message must go to `newChatId` (followed once). */
export class ChatMigratedError extends DeliveryError {
  constructor(
    message: string,
    readonly newChatId: string,
  ) {
    super(message, { kind: 'park', reason: message }, 'telegram');
    this.name = 'ChatMigratedError';
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

/** Writing, reading or announcing a syndication file failed (S3, the feeds folder, a WebSub hub). */
export class PublishError extends Error {
  constructor(
    message: string,
    /** The key or URL concerned. */
    readonly target: string,
    readonly provider: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PublishError';
  }
}
