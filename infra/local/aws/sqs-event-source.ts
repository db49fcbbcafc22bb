/**
 * Lambda's SQS event source mapping, locally: long-polls the queue with the function's own credentials (through the
 * gateway, so its role needs sqs:ReceiveMessage and sqs:DeleteMessage as in AWS), gathers a batch (batch size and
 * batching window), invokes the function with SQS records, and deletes what succeeded: with ReportBatchItemFailures
 * only the items the function did not report; after a function error, nothing (the batch comes back after the
 * queue's visibility timeout, and the queue's redrive policy dead-letters it after maxReceiveCount receives).
 */
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { InvokeResult } from './lambda-containers.js';
import type { LocalEventSource, LocalQueue } from './local-deployment.js';
import { LOCAL_REGION } from './local-deployment.js';

export interface EventSourceDeps {
  mapping: LocalEventSource;
  queue: LocalQueue;
  /** An SQS client signed as the function. */
  sqs: SQSClient;
  invoke(event: SQSEvent): Promise<InvokeResult>;
  /** Invocations in flight at most (the mapping's maximum concurrency, or the local default). */
  concurrency: number;
  /** True while the local runtime drains: a batching window then closes at once (nothing else can arrive). */
  flushing(): boolean;
  log(line: string): void;
}

export class SqsEventSource {
  private stopped = false;
  private inFlight = 0;
  /** Messages received and held while a batching window gathers more. */
  private gathering = false;
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly deps: EventSourceDeps) {}

  /** Batches received and not yet settled (invoking, or gathering within a batching window). */
  get busy(): number {
    return this.inFlight + (this.gathering ? 1 : 0);
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.wake?.();
    await this.loop?.catch(() => {});
  }

  private async run(): Promise<void> {
    const { mapping } = this.deps;
    while (!this.stopped) {
      if (!mapping.enabled || this.inFlight >= this.deps.concurrency) {
        await this.pause(250);
        continue;
      }
      let batch: Message[];
      try {
        batch = await this.receiveBatch();
      } catch (error) {
        if (!this.stopped) this.deps.log(`event source ${this.deps.queue.name}: receive failed: ${(error as Error).message}`);
        await this.pause(1000);
        continue;
      } finally {
        this.gathering = false;
      }
      if (batch.length === 0) continue;
      this.inFlight += 1;
      void this.process(batch).finally(() => {
        this.inFlight -= 1;
        this.wake?.();
      });
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async receiveBatch(): Promise<Message[]> {
    const { mapping, queue, sqs } = this.deps;
    const messages: Message[] = [];
    const deadline = Date.now() + mapping.batchingWindowSeconds * 1000;
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: Math.min(10, mapping.batchSize - messages.length),
          WaitTimeSeconds: messages.length > 0 ? 0 : 1,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: this.abort.signal },
      );
      messages.push(...Messages);
      this.gathering = messages.length > 0;
      if (mapping.batchingWindowSeconds === 0 || messages.length >= mapping.batchSize || this.stopped) return messages;
      if (messages.length > 0 && (this.deps.flushing() || Date.now() >= deadline)) return messages;
      if (messages.length === 0) return messages;
      if (Messages.length === 0) await this.pause(200);
    }
  }

  private async process(messages: Message[]): Promise<void> {
    const { mapping, queue } = this.deps;
    const result = await this.deps.invoke({ Records: messages.map((m) => toRecord(m, queue.arn)) });
    let failed: Set<string>;
    if (!result.ok) {
      failed = new Set(messages.map((m) => m.MessageId!));
      this.deps.log(`${queue.name}: the function failed (${result.error.errorType}: ${result.error.errorMessage}); the batch of ${messages.length} returns after the visibility timeout`);
    } else if (mapping.reportBatchItemFailures) {
      failed = batchItemFailures(result.result, messages);
    } else {
      failed = new Set();
    }
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    for (let i = 0; i < done.length; i += 10) {
      const chunk = done.slice(i, i + 10);
      await this.deps.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! })) }));
    }
  }
}

/** The item ids a function reported; a malformed answer fails the whole batch, as in AWS. */
function batchItemFailures(result: unknown, messages: Message[]): Set<string> {
  const all = new Set(messages.map((m) => m.MessageId!));
  if (result === undefined || result === null) return new Set();
  const failures = (result as Partial<SQSBatchResponse>).batchItemFailures;
  if (!Array.isArray(failures)) return all;
  const ids = failures.map((f) => f?.itemIdentifier);
  if (ids.some((id) => typeof id !== 'string' || !all.has(id))) return all;
  return new Set(ids as string[]);
}

/** An SQS message as Lambda's event source mapping hands it to the function. */
export function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { dataType: value.DataType ?? 'String', ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}), stringListValues: [], binaryListValues: [] },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
}
