import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MAX_RECEIVE_COUNT } from '../topology/queues.js';
import type { ConsumerOutcome } from '../usecases/consumer-outcome.js';

/** Re-queued retries of one message before it is parked with its reason. */
export const MAX_RETRIES = 50;
/**
 * A halted sender's messages go back to its (stopped) queue with this delay: batches already on their way while the
 * stop takes effect do not bounce straight back, and a resume a moment later finds them visible.
 */
export const HALT_REQUEUE_SECONDS = 5;
/** After a halt, this container hands incoming messages straight back for this long (the stop takes a moment). */
export const HALTED_CONTAINER_MS = 15_000;
/**
 * A message whose work an AWS service throttled (DynamoDB over its provisioned capacity, the default deploy profile's
 * table in a burst) comes back after this delay as a retry: a burst outlasting the SDK's own retries then costs
 * retries (MAX_RETRIES), not receives, which would park it in the dead-letter queue after MAX_RECEIVE_COUNT.
 */
export const THROTTLED_RETRY_SECONDS = 30;

const THROTTLING_ERRORS = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'Throttling', 'RequestLimitExceeded', 'TooManyRequestsException']);

/** An AWS error that says "too fast, try later" (by its name, as the SDK sets it). */
export function isThrottled(error: unknown): boolean {
  return error instanceof Error && THROTTLING_ERRORS.has(error.name);
}

/** What the runtime knows of a message besides its body. */
export interface ConsumerMeta {
  /** Deliveries of this message so far, counting earlier re-queued retries (1 on the first). */
  receiveCount: number;
  /** The invocation's request id (a lease holder that is unique per invocation). */
  requestId: string;
  /** Milliseconds the invocation has left before its timeout. */
  remainingMs?: () => number;
}

export type RecordHandler<T> = (body: T, meta: ConsumerMeta) => Promise<ConsumerOutcome>;

export interface SqsConsumerDeps {
  sqs: Pick<SQSClient, 'send'>;
  queueUrl: string;
  /** Where parked messages go, with their reason as a message attribute. */
  dlqUrl: string;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  /** A sender that can stop its own queue; without it a halt fails the item (SQS redelivers it). */
  onHalt?: (reason: string) => Promise<void>;
  now?: () => number;
}

/**
 * Turns a use case `(body) => ConsumerOutcome` into an SQS batch handler with partial failures (Powertools):
 * - done → deleted;
 * - retry → re-sent with DelaySeconds (the consumer never sleeps it out), as a new message carrying its retry count;
 * - park → the dead-letter queue, with the reason as a message attribute;
 * - halt → the sender stops its queue, then the message goes back to it as a new message (no receive count burnt);
 * - a throw → the item fails and SQS redelivers it; on its last receive it is parked with the error instead,
 *   so SQS's own redrive (which carries no reason) only ever catches invocations that died;
 * - a throttling error (isThrottled) → re-sent after THROTTLED_RETRY_SECONDS as a retry;
 * - a body that is not JSON → parked.
 */
export function sqsConsumer<T>(deps: SqsConsumerDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  const now = deps.now ?? Date.now;
  let haltedUntil = 0;
  let halting: Promise<void> | undefined;

  const resend = (record: SQSRecord, delaySeconds: number, retries: number) =>
    deps.sqs.send(
      new SendMessageCommand({
        QueueUrl: deps.queueUrl,
        MessageBody: record.body,
        DelaySeconds: Math.min(900, Math.max(0, Math.ceil(delaySeconds))),
        ...(retries > 0 ? { MessageAttributes: { retries: { DataType: 'Number', StringValue: String(retries) } } } : {}),
      }),
    );

  const park = async (record: SQSRecord, reason: string) => {
    await deps.sqs.send(
      new SendMessageCommand({
        QueueUrl: deps.dlqUrl,
        MessageBody: record.body,
        MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 1000) || 'no reason given' } },
      }),
    );
    deps.logger.warn('parked', { messageId: record.messageId, reason });
  };

  // The queue is stopped first; only then is the message handed back. Should stopping fail, the item fails instead
  // (SQS redelivers it after the visibility timeout) rather than bounce between queue and function.
  const halt = async (record: SQSRecord, retries: number, reason: string) => {
    if (!deps.onHalt) throw new Error(`halted: ${reason}`);
    if (haltedUntil <= now()) {
      haltedUntil = now() + HALTED_CONTAINER_MS;
      halting = deps.onHalt(reason);
    }
    // Re-sent only once the halt took: a halt that fails fails the item (SQS redelivers it), and a copy re-sent
    // beside that redelivery would double the message on every failed halt.
    await halting;
    await resend(record, HALT_REQUEUE_SECONDS, retries);
  };

  return (event: SQSEvent, context: Context, handle: RecordHandler<T>): Promise<SQSBatchResponse> => {
    const handleRecord = async (record: SQSRecord) => {
      const retries = Number(record.messageAttributes?.retries?.stringValue ?? '0');
      const received = Number(record.attributes?.ApproximateReceiveCount ?? '1');
      if (haltedUntil > now() && deps.onHalt) {
        await halting;
        return resend(record, HALT_REQUEUE_SECONDS, retries).then(() => undefined);
      }
      let body: T;
      try {
        body = JSON.parse(record.body) as T;
      } catch {
        return park(record, 'message body is not JSON');
      }
      let outcome: ConsumerOutcome;
      try {
        // A retry is a new message (re-sent with a delay), so the attempt count carries the earlier retries.
        outcome = await handle(body, { receiveCount: retries + received, requestId: context.awsRequestId, remainingMs: () => context.getRemainingTimeInMillis() });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (isThrottled(error)) outcome = { kind: 'retry', delaySeconds: THROTTLED_RETRY_SECONDS, reason: `throttled: ${reason}` };
        else if (received >= MAX_RECEIVE_COUNT) return park(record, `failed on ${received} receives: ${reason}`);
        else throw error;
      }
      switch (outcome.kind) {
        case 'done':
          deps.logger.debug('done', { messageId: record.messageId, detail: outcome.detail });
          return;
        case 'retry':
          if (retries >= MAX_RETRIES) return park(record, `gave up after ${retries} retries: ${outcome.reason}`);
          await resend(record, outcome.delaySeconds, retries + 1);
          deps.logger.info('retry later', { messageId: record.messageId, delaySeconds: outcome.delaySeconds, reason: outcome.reason });
          return;
        case 'park':
          return park(record, outcome.reason);
        case 'halt':
          return halt(record, retries, outcome.reason);
      }
    };
    return processPartialResponse(event, handleRecord, processor, { context });
  };
}
