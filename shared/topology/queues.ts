import type { ArticleMatchesHandedOn, DeliveryRequested, PollRequested, PublishRequested } from '../domain/messages.js';

/** The work queues of the flow; each has a dead-letter queue and exactly one consuming function. */
export const QUEUE_NAMES = ['poll', 'fan-out', 'email', 'telegram', 'webhook', 'publish'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** What travels on each queue: a function can only send a queue's own message type. */
export interface QueueMessages {
  poll: PollRequested;
  'fan-out': ArticleMatchesHandedOn;
  email: DeliveryRequested;
  telegram: DeliveryRequested;
  webhook: DeliveryRequested;
  publish: PublishRequested;
}

/**
 * Receives of one message before SQS moves it to the dead-letter queue. The consumer parks a message with
 * its reason itself on its last receive (see shared/runtime/sqs-consumer.ts), so SQS's own redrive only
 * catches messages whose invocation died (a timeout, a crash) on every receive.
 */
export const MAX_RECEIVE_COUNT = 5;

/** AWS's guidance for SQS event sources: visibility at least 6× the function timeout plus the batching window. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/**
 * The dead-letter queue of asynchronous invocations (Scheduler targets, SNS → ses-events), by the name admin commands
 * and alarm descriptions give it beside the work queues' own (`newshound dlq show async-failures`).
 */
export const ASYNC_FAILURES_QUEUE = 'async-failures';
