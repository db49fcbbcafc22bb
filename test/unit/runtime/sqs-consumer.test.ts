import { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { sqsConsumer } from '../../../shared/runtime/sqs-consumer.js';
import type { ConsumerOutcome } from '../../../shared/usecases/consumer-outcome.js';

const sqsMock = mockClient(SQSClient);
const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const context = { functionName: 'test', awsRequestId: 'r', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

const record = (id: string, body: unknown, retries?: number): SQSRecord =>
  ({
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: retries === undefined ? {} : { retries: { dataType: 'Number', stringValue: String(retries) } },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:q',
    awsRegion: 'us-east-1',
  }) as SQSRecord;

describe('sqsConsumer', () => {
  beforeEach(() => {
    sqsMock.reset();
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
  });

  const handlerFor = (outcomes: Record<string, ConsumerOutcome | Error>) =>
    sqsConsumer<{ key: string }>({ sqs: new SQSClient({ region: 'us-east-1' }), queueUrl: 'https://sqs/q', dlqUrl: 'https://sqs/q-dlq', logger }, async (body) => {
      const outcome = outcomes[body.key]!;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    });

  it('acks done, re-queues retries with a delay, parks with the reason, and fails only throwing and halted items', async () => {
    const handler = handlerFor({
      done: { kind: 'done', detail: 'sent' },
      retry: { kind: 'retry', delaySeconds: 37, reason: '429' },
      park: { kind: 'park', reason: 'chat not found' },
      boom: new Error('DynamoDB throttled'),
      halt: { kind: 'halt', reason: 'SES sending paused' },
    });
    const event: SQSEvent = { Records: ['done', 'retry', 'park', 'boom', 'halt'].map((key) => record(key, { key })) };
    const result = await handler(event, context);

    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['boom', 'halt']);
    const sends = sqsMock.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(sends).toContainEqual({
      QueueUrl: 'https://sqs/q',
      MessageBody: JSON.stringify({ key: 'retry' }),
      DelaySeconds: 37,
      MessageAttributes: { retries: { DataType: 'Number', StringValue: '1' } },
    });
    expect(sends).toContainEqual({
      QueueUrl: 'https://sqs/q-dlq',
      MessageBody: JSON.stringify({ key: 'park' }),
      MessageAttributes: { reason: { DataType: 'String', StringValue: 'chat not found' } },
    });
    expect(sends).toHaveLength(2);
  });

  it('caps a retry delay at the SQS maximum and parks a message that keeps asking to retry', async () => {
    const handler = handlerFor({ retry: { kind: 'retry', delaySeconds: 5000, reason: 'quiet hours' } });
    await handler({ Records: [record('a', { key: 'retry' }, 3), record('b', { key: 'retry' }, 50)] }, context);
    const sends = sqsMock.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(sends[0]).toMatchObject({ QueueUrl: 'https://sqs/q', DelaySeconds: 900, MessageAttributes: { retries: { StringValue: '4' } } });
    expect(sends[1]).toMatchObject({ QueueUrl: 'https://sqs/q-dlq', MessageAttributes: { reason: { StringValue: 'gave up after 50 retries: quiet hours' } } });
  });

  it('fails the item rather than dropping it when a retry cannot be re-queued', async () => {
    sqsMock.on(SendMessageCommand).rejects(new Error('SQS unavailable'));
    const handler = handlerFor({ retry: { kind: 'retry', delaySeconds: 5, reason: '5xx' }, done: { kind: 'done', detail: 'sent' } });
    const result = await handler({ Records: [record('a', { key: 'retry' }), record('b', { key: 'done' })] }, context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'a' }]);
    // A batch in which every item failed fails the invocation: SQS redelivers all of it.
    await expect(handler({ Records: [record('c', { key: 'retry' })] }, context)).rejects.toThrow(/All records failed/);
  });
});
