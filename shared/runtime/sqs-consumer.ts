import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ConsumerOutcome } from '../usecases/consumer-outcome.js';

const MAX_RETRIES = 50;

/** What the runtime knows of a message besides its body. */
export interface ConsumerMeta {
  /** Deliveries of this message so far, counting earlier re-queued retries (1 on the first). */
  receiveCount: number;
  /** The invocation's request id (a lease holder that is unique per invocation). */
  requestId: string;
}

export interface SqsConsumerDeps {
  sqs: SQSClient;
  queueUrl: string;
  /** Where parked messages go, with their reason as a message attribute. */
  dlqUrl?: string;
  logger: Logger;
}

/**
 * Turns a use case `(body) => ConsumerOutcome` into an SQS batch handler with partial failures (Powertools):
 * retry → re-sent with DelaySeconds (never sleeping in the function); park → DLQ with the reason;
 * halt → the item fails and stays, logged as an alarm; a throw → the item fails (SQS retries, then its DLQ).
 */
export function sqsConsumer<T>(deps: SqsConsumerDeps, useCase: (body: T, meta: ConsumerMeta) => Promise<ConsumerOutcome>) {
  const processor = new BatchProcessor(EventType.SQS);
  let requestId = '';
  const handleRecord = async (record: SQSRecord) => {
    const body = JSON.parse(record.body) as T;
    const retries = Number(record.messageAttributes?.retries?.stringValue ?? '0');
    // A retry is a new message (re-sent with a delay), so the attempt count carries the earlier retries.
    const receiveCount = retries + Number(record.attributes?.ApproximateReceiveCount ?? '1');
    const outcome = await useCase(body, { receiveCount, requestId });
    switch (outcome.kind) {
      case 'done':
        deps.logger.debug('done', { messageId: record.messageId, detail: outcome.detail });
        return;
      case 'retry':
        if (retries >= MAX_RETRIES) return park(deps, record, `gave up after ${retries} retries: ${outcome.reason}`);
        await deps.sqs.send(
          new SendMessageCommand({
            QueueUrl: deps.queueUrl,
            MessageBody: record.body,
            DelaySeconds: Math.min(900, Math.max(0, Math.ceil(outcome.delaySeconds))),
            MessageAttributes: { retries: { DataType: 'Number', StringValue: String(retries + 1) } },
          }),
        );
        deps.logger.info('retry later', { messageId: record.messageId, delaySeconds: outcome.delaySeconds, reason: outcome.reason });
        return;
      case 'park':
        return park(deps, record, outcome.reason);
      case 'halt':
        deps.logger.error('ALARM consumer halted', { messageId: record.messageId, reason: outcome.reason });
        throw new Error(`halted: ${outcome.reason}`);
    }
  };
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    requestId = context.awsRequestId;
    return processPartialResponse(event, handleRecord, processor, { context });
  };
}

async function park(deps: SqsConsumerDeps, record: SQSRecord, reason: string) {
  if (!deps.dlqUrl) throw new Error(`cannot park (no DLQ configured): ${reason}`);
  await deps.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.dlqUrl,
      MessageBody: record.body,
      MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 1000) } },
    }),
  );
  deps.logger.warn('parked', { messageId: record.messageId, reason });
}
