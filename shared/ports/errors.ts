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

/**
 * The provider refused a message because its recipient is not a verified identity: Amazon SES does so for every
 * address its operator has not verified while the account is in the sandbox. Parked like any rejected message;
 * a subscribe request answers it as it answers every address (see the subscription use cases).
 */
export class RecipientNotVerifiedError extends DeliveryError {
  constructor(message: string, provider: string) {
    super(message, { kind: 'park', reason: message }, provider);
    this.name = 'RecipientNotVerifiedError';
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

/** One message a queue did not take: `index` points into the bodies given to `send`. */
export interface RejectedMessage {
  index: number;
  /** The queue's error code, e.g. SQS `InvalidMessageContents`, or `MessageTooLong` when refused before sending. */
  code: string;
  reason: string;
  /** True when the message itself is at fault, so sending it again fails again; false for the queue's own trouble. */
  senderFault: boolean;
}

/**
 * A send in which some messages were refused. Every other message was sent (`sentCount` of them); a failure of the
 * whole call (network, throttling) is not this error but the provider's own.
 */
export class QueueSendError extends Error {
  constructor(
    readonly queue: string,
    readonly rejected: RejectedMessage[],
    readonly sentCount: number,
  ) {
    const first = rejected[0];
    super(`${queue} refused ${rejected.length} of ${rejected.length + sentCount} messages${first ? ` (first: #${first.index} ${first.code}: ${first.reason})` : ''}`);
    this.name = 'QueueSendError';
  }
}
