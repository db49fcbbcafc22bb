/**
 * Sizing of every function and of the queue that feeds it, in one table: the stateful stack needs
 * a function's timeout to size its queue's visibility timeout, the stateless stack needs it to
 * build the function. No aws-cdk-lib import here.
 */

export const QUEUE_NAMES = ['poll', 'fan-out', 'email', 'telegram', 'webhook', 'publish'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const FUNCTION_NAMES = [
  'dispatch-polls',
  'poll-feed',
  'fan-out',
  'send-email',
  'send-telegram',
  'send-webhook',
  'publish-feeds',
  'send-digests',
  'subscriptions',
  'telegram-webhook',
  'ses-events',
  'sweep-outbox',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface QueueConsumerSpec {
  queue: QueueName;
  batchSize: number;
  /** Seconds SQS gathers messages before invoking; publish-feeds uses it to debounce bursts. */
  maxBatchingWindowSeconds?: number;
  /** Caps concurrent invocations from the queue (min 2); paces providers with rate limits. */
  maxConcurrency?: number;
}

export interface FunctionSpec {
  memoryMb: number;
  timeoutSeconds: number;
  description: string;
  consumes?: QueueConsumerSpec;
}

export const FUNCTION_SPECS: Record<FunctionName, FunctionSpec> = {
  'dispatch-polls': { memoryMb: 256, timeoutSeconds: 60, description: 'Queues a poll for every feed that is due' },
  'poll-feed': {
    memoryMb: 512,
    // fetch timeout (20 s) + parse + match + writes, with headroom; a batch is polled concurrently
    timeoutSeconds: 60,
    description: 'Polls one feed: conditional GET, parse, dedupe, match, store, hand on',
    consumes: { queue: 'poll', batchSize: 10 },
  },
  'fan-out': {
    memoryMb: 512,
    timeoutSeconds: 60,
    description: 'Turns a matched article into one delivery per subscriber and channel',
    consumes: { queue: 'fan-out', batchSize: 10 },
  },
  'send-email': {
    memoryMb: 256,
    timeoutSeconds: 30,
    description: 'Sends one alert email through SES',
    consumes: { queue: 'email', batchSize: 10, maxConcurrency: 5 },
  },
  'send-telegram': {
    memoryMb: 256,
    timeoutSeconds: 30,
    description: 'Sends one Telegram alert through the Bot API',
    // Few concurrent senders keep the bot under its global rate; the handler paces within a batch.
    consumes: { queue: 'telegram', batchSize: 10, maxConcurrency: 2 },
  },
  'send-webhook': {
    memoryMb: 256,
    timeoutSeconds: 30,
    description: 'POSTs one HMAC-signed alert to a webhook',
    consumes: { queue: 'webhook', batchSize: 10 },
  },
  'publish-feeds': {
    memoryMb: 512,
    timeoutSeconds: 60,
    description: 'Rebuilds per-topic syndication feeds into S3',
    consumes: { queue: 'publish', batchSize: 100, maxBatchingWindowSeconds: 20, maxConcurrency: 2 },
  },
  'send-digests': { memoryMb: 512, timeoutSeconds: 120, description: 'Queues digest deliveries that are due' },
  subscriptions: { memoryMb: 256, timeoutSeconds: 10, description: 'Subscription pages and API' },
  'telegram-webhook': { memoryMb: 256, timeoutSeconds: 10, description: 'Telegram bot commands' },
  'ses-events': { memoryMb: 256, timeoutSeconds: 30, description: 'Suppresses addresses on SES bounces and complaints' },
  'sweep-outbox': { memoryMb: 256, timeoutSeconds: 60, description: 'Re-hands pending matches older than a minute' },
};

/** AWS's guidance for SQS event sources: at least 6× the function timeout plus the batching window. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export function consumerOf(queue: QueueName): { name: FunctionName; spec: FunctionSpec; consumer: QueueConsumerSpec } {
  for (const name of FUNCTION_NAMES) {
    const spec = FUNCTION_SPECS[name];
    if (spec.consumes?.queue === queue) return { name, spec, consumer: spec.consumes };
  }
  throw new Error(`no function consumes the ${queue} queue`);
}

export function visibilityTimeoutSeconds(queue: QueueName): number {
  const { spec, consumer } = consumerOf(queue);
  return VISIBILITY_TIMEOUT_FACTOR * spec.timeoutSeconds + (consumer.maxBatchingWindowSeconds ?? 0);
}

/** `poll-feed` → `PollFeed`: stable construct ids. */
export function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
