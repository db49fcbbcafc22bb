/**
 * Reading and redriving dead letters.
 *
 * Reading receives the messages (so their receive count grows, as in the console's "poll for messages") with a short
 * hold: they are visible again a few seconds later. Nothing here calls ChangeMessageVisibility: fauxqs 2.4.1, the
 * local SQS, loses messages on it when it persists to disk.
 *
 * Redriving is receive → send → delete, not SQS's StartMessageMoveTask: the consumers park messages by sending them
 * to the DLQ with their reason (SQS's own redrive catches only invocations that died), the async-failure queue is no
 * queue's DLQ and its messages are events to invoke a function with, not to move (StartMessageMoveTask refuses a
 * queue that is not a DLQ), and fauxqs, the local SQS, has no move tasks. Each message is sent to its work queue
 * (without its `reason`) or its function is invoked before it is deleted from the DLQ, so nothing is lost: an
 * interruption between the two leaves a copy in both, which the idempotent consumers absorb.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, type Message, type MessageAttributeValue, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from './aws-clients.js';
import type { DeadLetterQueue } from './dead-letter-queues.js';

export interface ParkedMessage {
  id: string;
  /** ISO instant the message entered the DLQ (parked, or moved there by SQS). */
  sentAt?: string;
  receiveCount: number;
  reason: string;
  /** The function an async failure was for, when the message says. */
  target?: string;
  attributes: Record<string, string>;
  body: string;
}

/** Seconds a message shown stays hidden: long enough to read a page of them, short enough to redrive right after. */
const SHOW_HOLD_SECONDS = 5;
/** Seconds a message being redriven stays hidden while it is handed back (and one left stays before it shows again). */
const REDRIVE_HOLD_SECONDS = 30;
/** A redrive long-polls this long, so messages a `show` just held are back in time to be redriven. */
const REDRIVE_WAIT_SECONDS = SHOW_HOLD_SECONDS + 2;

export async function readDeadLetters(clients: AwsClients, queue: DeadLetterQueue, limit: number): Promise<ParkedMessage[]> {
  const seen = new Map<string, Message>();
  while (seen.size < limit) {
    const batch = await receiveBatch(clients, queue, limit - seen.size, SHOW_HOLD_SECONDS, 1);
    const fresh = batch.filter((m) => !seen.has(m.MessageId!));
    if (fresh.length === 0) break;
    for (const m of fresh) seen.set(m.MessageId!, m);
  }
  return [...seen.values()].map((m) => describeMessage(m, queue));
}

export interface RedriveResult {
  /** How they went back: to the work queue, or as invocations of the function that failed. */
  method: 'send to the work queue' | 'invoke the function';
  moved: number;
  /** What stayed in the DLQ, with why. */
  left: { id: string; why: string }[];
}

/**
 * Redrives the messages the queue held when it was looked at (`queue.depth`): a message that fails again and is
 * parked anew while this runs waits for the next redrive instead of going round in circles.
 */
export async function redrive(clients: AwsClients, queue: DeadLetterQueue): Promise<RedriveResult> {
  const result: RedriveResult = { method: queue.source ? 'send to the work queue' : 'invoke the function', moved: 0, left: [] };
  const lambdaTargets = new Map<string, string[]>();
  let handled = 0;
  while (handled < queue.depth) {
    const batch = await receiveBatch(clients, queue, queue.depth - handled, REDRIVE_HOLD_SECONDS, REDRIVE_WAIT_SECONDS);
    if (batch.length === 0) break;
    handled += batch.length;
    for (const message of batch) {
      try {
        const why = queue.source ? await sendBack(clients, queue.source.url, message) : await invokeAgain(clients, message, lambdaTargets);
        if (why) {
          result.left.push({ id: message.MessageId!, why });
          continue;
        }
        await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle! }));
        result.moved += 1;
      } catch (error) {
        // Not deleted: it is visible in the DLQ again once its hold ends.
        result.left.push({ id: message.MessageId!, why: `failed: ${(error as Error).message}` });
      }
    }
  }
  return result;
}

/** The reason a message carries: the consumer's `reason`, Lambda's ErrorMessage, or Scheduler's ERROR_MESSAGE. */
export function describeMessage(message: Message, queue: Pick<DeadLetterQueue, 'source'>): ParkedMessage {
  const attributes = Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? '']));
  const code = attributes.ErrorCode ?? attributes.ERROR_CODE;
  const reason =
    attributes.reason ??
    (attributes.ErrorMessage ?? attributes.ERROR_MESSAGE
      ? `${attributes.ErrorMessage ?? attributes.ERROR_MESSAGE}${code && code !== '200' ? ` (${code})` : ''}`
      : queue.source
        ? 'no reason recorded: SQS moved it after its maximum receives (the function died or timed out every time)'
        : 'no reason recorded');
  const sent = Number(message.Attributes?.SentTimestamp);
  return {
    id: message.MessageId!,
    ...(Number.isFinite(sent) && sent > 0 ? { sentAt: new Date(sent).toISOString() } : {}),
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    reason,
    ...(attributes.TARGET_ARN ? { target: attributes.TARGET_ARN } : {}),
    attributes,
    body: message.Body ?? '',
  };
}

async function receiveBatch(clients: AwsClients, queue: DeadLetterQueue, max: number, holdSeconds: number, waitSeconds: number): Promise<Message[]> {
  const { Messages = [] } = await clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: Math.min(10, max),
      VisibilityTimeout: holdSeconds,
      WaitTimeSeconds: waitSeconds,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return Messages;
}

/** To the work queue as a new message, its attributes kept but the parking reason. */
async function sendBack(clients: AwsClients, sourceUrl: string, message: Message): Promise<undefined> {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (name === 'reason') continue;
    attributes[name] = { DataType: value.DataType, ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}), ...(value.BinaryValue !== undefined ? { BinaryValue: value.BinaryValue } : {}) };
  }
  await clients.sqs.send(new SendMessageCommand({ QueueUrl: sourceUrl, MessageBody: message.Body ?? '', ...(Object.keys(attributes).length ? { MessageAttributes: attributes } : {}) }));
  return undefined;
}

/**
 * An async failure goes back to its function as an asynchronous invocation with the same event: Scheduler names its
 * target (TARGET_ARN); an SNS event goes to the topic's Lambda subscribers. A failed scheduled tick that Lambda itself
 * parked does not say which function it was for, and its schedule runs it again anyway: it stays, with that reason.
 */
async function invokeAgain(clients: AwsClients, message: Message, topicTargets: Map<string, string[]>): Promise<string | undefined> {
  const body = message.Body ?? '';
  let targets: string[] = [];
  const scheduled = message.MessageAttributes?.TARGET_ARN?.StringValue;
  if (scheduled) targets = [scheduled];
  else {
    const topicArn = snsTopicOf(body);
    if (topicArn) {
      if (!topicTargets.has(topicArn)) topicTargets.set(topicArn, await lambdaSubscribers(clients, topicArn));
      targets = topicTargets.get(topicArn)!;
    }
  }
  if (targets.length === 0) return 'a failed scheduled run: the message does not say which function, and its schedule runs it again (delete it once read)';
  for (const target of targets) await clients.lambda.send(new InvokeCommand({ FunctionName: target, InvocationType: 'Event', Payload: Buffer.from(body) }));
  return undefined;
}

function snsTopicOf(body: string): string | undefined {
  try {
    const event = JSON.parse(body) as { Records?: { EventSource?: string; Sns?: { TopicArn?: string } }[] };
    const record = event.Records?.[0];
    return record?.EventSource === 'aws:sns' ? record.Sns?.TopicArn : undefined;
  } catch {
    return undefined;
  }
}

async function lambdaSubscribers(clients: AwsClients, topicArn: string): Promise<string[]> {
  const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  return Subscriptions.filter((s) => s.Protocol === 'lambda' && s.Endpoint).map((s) => s.Endpoint!);
}
