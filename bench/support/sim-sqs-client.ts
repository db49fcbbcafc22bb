/**
 * The SQS client the product's sqsConsumer (shared/runtime/sqs-consumer.ts) gets in the bench: its SendMessage calls
 * (a retry or a halted sender's hand-back to its own queue, a parking in the dead-letter queue) land on the
 * simulated queues, each counted as SQS bills it and filed with the record it concerns.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QUEUE_NAMES, type QueueName } from '../../shared/topology/queues.js';
import type { SimQueues } from './sim-queue.js';
import { billedChunks, SQS_CALL_MS } from './sim-queue.js';
import { count, currentTrace } from './trace.js';

const BASE = 'https://sqs.us-east-1.amazonaws.com/123456789012/newshound-prod';

export const simQueueUrl = (queue: QueueName) => `${BASE}-${queue}`;
export const simDlqUrl = (queue: QueueName) => `${BASE}-${queue}-dlq`;

export function simSqsClient(queues: SimQueues): Pick<SQSClient, 'send'> {
  const byUrl = new Map<string, { queue: QueueName; dlq: boolean }>();
  for (const queue of QUEUE_NAMES) {
    byUrl.set(simQueueUrl(queue), { queue, dlq: false });
    byUrl.set(simDlqUrl(queue), { queue, dlq: true });
  }
  const send = async (command: unknown) => {
    if (!(command instanceof SendMessageCommand)) throw new Error(`the simulated SQS client only sends messages, not ${(command as object).constructor.name}`);
    const { QueueUrl, MessageBody = '', DelaySeconds = 0, MessageAttributes = {} } = command.input;
    const target = byUrl.get(QueueUrl ?? '');
    if (!target) throw new Error(`no simulated queue at ${QueueUrl}`);
    const attributeBytes = Object.entries(MessageAttributes).reduce((n, [name, a]) => n + Buffer.byteLength(name) + Buffer.byteLength(a.DataType ?? '') + Buffer.byteLength(a.StringValue ?? ''), 0);
    const bytes = Buffer.byteLength(MessageBody) + attributeBytes;
    const op = target.dlq ? `SendMessage ${target.queue}-dlq` : `SendMessage ${target.queue} (retry)`;
    const invocation = currentTrace();
    const record = invocation?.recordsByBody.get(MessageBody);
    count({ service: 'sqs', op, calls: 1, billed: billedChunks(bytes), messages: 1, bytes }, SQS_CALL_MS, record ?? invocation);
    const queue = queues[target.queue] as SimQueues[QueueName];
    const body = JSON.parse(MessageBody) as never;
    if (target.dlq) queue.parked.push({ body, reason: MessageAttributes.reason?.StringValue ?? '' });
    else queue.requeue(body, DelaySeconds, Number(MessageAttributes.retries?.StringValue ?? '0'), record?.sleptMs ?? 0);
    return { MessageId: crypto.randomUUID() };
  };
  return { send } as unknown as Pick<SQSClient, 'send'>;
}
