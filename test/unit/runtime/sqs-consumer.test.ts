import { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageCommand, type SendMessageCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ConsumerMeta, HALT_REQUEUE_SECONDS, HALTED_CONTAINER_MS, MAX_RETRIES, sqsConsumer, type SqsConsumerDeps, THROTTLED_RETRY_SECONDS } from '../../../shared/runtime/sqs-consumer.js';
import { MAX_RECEIVE_COUNT } from '../../../shared/topology/queues.js';
import type { ConsumerOutcome } from '../../../shared/usecases/consumer-outcome.js';
import { ManualClock } from '../../support/manual-clock.js';

const QUEUE_URL = 'https://sqs.eu-central-1.amazonaws.com/123456789012/email';
const DLQ_URL = 'https://sqs.eu-central-1.amazonaws.com/123456789012/email-dlq';

const sqsMock = mockClient(SQSClient);
const logger = new Logger({ serviceName: 'sqs-consumer-test', logLevel: 'SILENT' });
const context = { functionName: 'send-email', awsRequestId: 'request-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

interface RecordOptions {
  retries?: number;
  receiveCount?: number;
  rawBody?: string;
}

function record(key: string, options: RecordOptions = {}): SQSRecord {
  return {
    messageId: key,
    receiptHandle: `receipt-${key}`,
    body: options.rawBody ?? JSON.stringify({ key }),
    attributes: { ApproximateReceiveCount: String(options.receiveCount ?? 1) },
    messageAttributes: options.retries === undefined ? {} : { retries: { dataType: 'Number', stringValue: String(options.retries) } },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:123456789012:email',
    awsRegion: 'eu-central-1',
  } as SQSRecord;
}

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const sends = (): SendMessageCommandInput[] => sqsMock.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
const failedIds = (result: { batchItemFailures: { itemIdentifier: string }[] }) => result.batchItemFailures.map((f) => f.itemIdentifier).sort();

/** A use case that answers per message key, and records what it was called with. */
function useCase(outcomes: Record<string, ConsumerOutcome | Error>) {
  const calls: { key: string; meta: ConsumerMeta }[] = [];
  const handle = async (body: { key: string }, meta: ConsumerMeta): Promise<ConsumerOutcome> => {
    calls.push({ key: body.key, meta });
    const outcome = outcomes[body.key] ?? { kind: 'done', detail: 'sent' };
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return { handle, calls };
}

function consumer(options: Pick<SqsConsumerDeps, 'onHalt'> & { clock?: ManualClock } = {}) {
  const clock = options.clock ?? new ManualClock();
  return sqsConsumer<{ key: string }>({
    sqs: new SQSClient({ region: 'eu-central-1' }),
    queueUrl: QUEUE_URL,
    dlqUrl: DLQ_URL,
    logger,
    now: () => clock.now().getTime(),
    ...(options.onHalt ? { onHalt: options.onHalt } : {}),
  });
}

const parked = (body: string, reason: string): SendMessageCommandInput => ({ QueueUrl: DLQ_URL, MessageBody: body, MessageAttributes: { reason: { DataType: 'String', StringValue: reason } } });

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'sent' });
});

describe('sqsConsumer: one outcome per message', () => {
  // Each case runs beside a message that succeeds, so one failed item does not fail the whole batch.
  it.each<[string, SQSRecord, ConsumerOutcome | Error, { failed: boolean; sent: SendMessageCommandInput[] }]>([
    ['done: deleted, nothing sent', record('m'), { kind: 'done', detail: 'sent' }, { failed: false, sent: [] }],
    [
      'retry: re-sent with its delay and a retry count',
      record('m'),
      { kind: 'retry', delaySeconds: 37, reason: '429' },
      { failed: false, sent: [{ QueueUrl: QUEUE_URL, MessageBody: '{"key":"m"}', DelaySeconds: 37, MessageAttributes: { retries: { DataType: 'Number', StringValue: '1' } } }] },
    ],
    [
      'retry of a retried message: the count goes on',
      record('m', { retries: 3 }),
      { kind: 'retry', delaySeconds: 5, reason: '5xx' },
      { failed: false, sent: [{ QueueUrl: QUEUE_URL, MessageBody: '{"key":"m"}', DelaySeconds: 5, MessageAttributes: { retries: { DataType: 'Number', StringValue: '4' } } }] },
    ],
    [
      'retry beyond the SQS maximum delay: capped at 900 s',
      record('m'),
      { kind: 'retry', delaySeconds: 5000, reason: 'quiet hours' },
      { failed: false, sent: [{ QueueUrl: QUEUE_URL, MessageBody: '{"key":"m"}', DelaySeconds: 900, MessageAttributes: { retries: { DataType: 'Number', StringValue: '1' } } }] },
    ],
    [
      'retry with a fractional delay: rounded up',
      record('m'),
      { kind: 'retry', delaySeconds: 0.2, reason: 'pacing' },
      { failed: false, sent: [{ QueueUrl: QUEUE_URL, MessageBody: '{"key":"m"}', DelaySeconds: 1, MessageAttributes: { retries: { DataType: 'Number', StringValue: '1' } } }] },
    ],
    [
      `retry after ${MAX_RETRIES} retries: parked instead`,
      record('m', { retries: MAX_RETRIES }),
      { kind: 'retry', delaySeconds: 60, reason: 'quiet hours' },
      { failed: false, sent: [parked('{"key":"m"}', `gave up after ${MAX_RETRIES} retries: quiet hours`)] },
    ],
    ['park: the DLQ with the reason', record('m'), { kind: 'park', reason: 'chat not found' }, { failed: false, sent: [parked('{"key":"m"}', 'chat not found')] }],
    ['park without a reason: the DLQ says so', record('m'), { kind: 'park', reason: '' }, { failed: false, sent: [parked('{"key":"m"}', 'no reason given')] }],
    ['a throw before the last receive: the item fails, SQS redelivers it', record('m', { receiveCount: MAX_RECEIVE_COUNT - 1 }), new Error('DynamoDB throttled'), { failed: true, sent: [] }],
    [
      'a throw on the last receive: parked with the error',
      record('m', { receiveCount: MAX_RECEIVE_COUNT }),
      new Error('DynamoDB throttled'),
      { failed: false, sent: [parked('{"key":"m"}', `failed on ${MAX_RECEIVE_COUNT} receives: DynamoDB throttled`)] },
    ],
    ['halt without onHalt: the item fails, nothing re-sent', record('m'), { kind: 'halt', reason: 'SES sending paused' }, { failed: true, sent: [] }],
    [
      'a throttled table (over its provisioned capacity), even on the last receive: re-sent later as a retry, not parked',
      record('m', { receiveCount: MAX_RECEIVE_COUNT }),
      Object.assign(new Error('The level of configured provisioned throughput for the table was exceeded'), { name: 'ProvisionedThroughputExceededException' }),
      { failed: false, sent: [{ QueueUrl: QUEUE_URL, MessageBody: '{"key":"m"}', DelaySeconds: THROTTLED_RETRY_SECONDS, MessageAttributes: { retries: { DataType: 'Number', StringValue: '1' } } }] },
    ],
    [
      `a throttle after ${MAX_RETRIES} retries: parked with the reason`,
      record('m', { retries: MAX_RETRIES }),
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
      { failed: false, sent: [parked('{"key":"m"}', `gave up after ${MAX_RETRIES} retries: throttled: Rate exceeded`)] },
    ],
  ])('%s', async (_name, message, outcome, expected) => {
    const { handle } = useCase({ m: outcome });
    const result = await consumer()(batch(message, record('ok')), context, handle);
    expect(failedIds(result)).toEqual(expected.failed ? ['m'] : []);
    expect(sends()).toEqual(expected.sent);
  });

  it.each(['not json', '{"key":', ''])('parks a body that is not JSON (%j) without calling the use case', async (rawBody) => {
    const { handle, calls } = useCase({});
    const result = await consumer()(batch(record('bad', { rawBody }), record('ok')), context, handle);
    expect(failedIds(result)).toEqual([]);
    expect(sends()).toEqual([parked(rawBody, 'message body is not JSON')]);
    expect(calls.map((c) => c.key)).toEqual(['ok']);
  });

  it('tells the use case the attempt (earlier retries plus receives), the request id and the time the invocation has left', async () => {
    const { handle, calls } = useCase({});
    await consumer()(batch(record('first'), record('again', { retries: 2, receiveCount: 3 })), context, handle);
    expect(calls.map((c) => [c.key, { ...c.meta, remainingMs: c.meta.remainingMs?.() }]).sort()).toEqual([
      ['again', { receiveCount: 5, requestId: 'request-1', remainingMs: 10_000 }],
      ['first', { receiveCount: 1, requestId: 'request-1', remainingMs: 10_000 }],
    ]);
  });

  it('fails the item rather than dropping it when a retry cannot be re-sent, and fails the invocation when every item failed', async () => {
    sqsMock.on(SendMessageCommand).rejects(new Error('SQS unavailable'));
    const { handle } = useCase({ retry: { kind: 'retry', delaySeconds: 5, reason: '5xx' }, park: { kind: 'park', reason: 'gone' } });
    const result = await consumer()(batch(record('retry'), record('park'), record('done')), context, handle);
    expect(failedIds(result)).toEqual(['park', 'retry']);
    await expect(consumer()(batch(record('retry')), context, handle)).rejects.toThrow(/All records failed/);
  });
});

describe('sqsConsumer: a halting sender', () => {
  const halt: ConsumerOutcome = { kind: 'halt', reason: 'SES sending paused' };
  const handedBack = (body: string, retries?: number): SendMessageCommandInput => ({
    QueueUrl: QUEUE_URL,
    MessageBody: body,
    DelaySeconds: HALT_REQUEUE_SECONDS,
    ...(retries ? { MessageAttributes: { retries: { DataType: 'Number', StringValue: String(retries) } } } : {}),
  });

  function haltingConsumer() {
    const clock = new ManualClock();
    const halts: string[] = [];
    const consume = consumer({ clock, onHalt: async (reason) => void halts.push(reason) });
    return { clock, halts, consume };
  }

  it('re-sends each halted message as a new one with its retries, acknowledges the original, and halts once for the batch', async () => {
    const t = haltingConsumer();
    const { handle } = useCase({ a: halt, b: halt, c: halt });
    const result = await t.consume(batch(record('a'), record('b', { retries: 2 }), record('c', { receiveCount: 3 })), context, handle);
    expect(result.batchItemFailures).toEqual([]);
    // A new message: the receive count starts afresh (the original's third receive is not carried over).
    expect(sends()).toEqual(expect.arrayContaining([handedBack('{"key":"a"}'), handedBack('{"key":"b"}', 2), handedBack('{"key":"c"}')]));
    expect(sends()).toHaveLength(3);
    expect(t.halts).toEqual(['SES sending paused']);
  });

  it('hands later messages straight back for a while (the stop takes a moment) without calling the use case, then takes them again', async () => {
    const t = haltingConsumer();
    const first = useCase({ a: halt });
    await t.consume(batch(record('a')), context, first.handle);
    sqsMock.resetHistory();

    t.clock.advance({ ms: HALTED_CONTAINER_MS - 1000 });
    const later = useCase({});
    const result = await t.consume(batch(record('d', { retries: 4 }), record('e')), context, later.handle);
    expect(result.batchItemFailures).toEqual([]);
    expect(later.calls).toEqual([]);
    expect(sends()).toEqual(expect.arrayContaining([handedBack('{"key":"d"}', 4), handedBack('{"key":"e"}')]));
    expect(t.halts).toHaveLength(1);

    sqsMock.resetHistory();
    t.clock.advance({ seconds: 2 });
    const resumed = useCase({ g: halt });
    await t.consume(batch(record('f'), record('g')), context, resumed.handle);
    expect(resumed.calls.map((c) => c.key).sort()).toEqual(['f', 'g']);
    expect(sends()).toEqual([handedBack('{"key":"g"}')]);
    // Halting again after that is a new halt: the sender records it (and its backoff) again.
    expect(t.halts).toEqual(['SES sending paused', 'SES sending paused']);
  });

  it('fails the items when the halt itself fails, so SQS redelivers them, and sends no second copy', async () => {
    const consume = consumer({
      onHalt: async () => {
        throw new Error('lambda:UpdateEventSourceMapping denied');
      },
    });
    const { handle } = useCase({ a: halt, b: halt });
    const result = await consume(batch(record('a'), record('b'), record('ok')), context, handle);
    expect(failedIds(result)).toEqual(['a', 'b']);
    expect(sends()).toEqual([]);
  });
});
