import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { QueueSendError, type RejectedMessage } from '../../ports/errors.js';
import type { Queue } from '../../ports/queue.js';

const MAX_ENTRIES_PER_BATCH = 10;
/**
 * 256 KiB: the limit of every SQS queue created before August 2025 (newer ones default to 1 MiB). It bounds one
 * body and the sum of a batch's bodies alike.
 */
export const SQS_MAX_BYTES = 262_144;

export interface SqsQueueOptions {
  /** The largest body, and batch, sent (default 256 KiB); a larger body is refused without being sent. */
  maxBytes?: number;
}

/** The producer side of an SQS queue (Lambda event source mappings consume). */
export class SqsQueue<T> implements Queue<T> {
  private readonly maxBytes: number;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    readonly name: string = queueUrl.split('/').pop() ?? queueUrl,
    options: SqsQueueOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? SQS_MAX_BYTES;
  }

  /**
   * Sends every body it can, in batches of up to 10 within the size limit, and then throws `QueueSendError`
   * naming each body refused (too large, or failed by SQS) so one bad body never holds back the others.
   * A failed call (network, throttling, a missing queue) throws the SDK's error as it comes.
   */
  async send(bodies: T[], options: { delaySeconds?: number } = {}): Promise<void> {
    const delay = options.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.round(options.delaySeconds))) } : {};
    const rejected: RejectedMessage[] = [];
    let sentCount = 0;
    let batch: SendMessageBatchRequestEntry[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const result = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: batch }));
      sentCount += result.Successful?.length ?? 0;
      for (const failed of result.Failed ?? []) {
        rejected.push({ index: Number(failed.Id), code: failed.Code ?? 'Unknown', reason: failed.Message ?? '', senderFault: failed.SenderFault ?? false });
      }
      batch = [];
      batchBytes = 0;
    };
    for (const [index, body] of bodies.entries()) {
      const text = messageBody(body);
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > this.maxBytes) {
        rejected.push({ index, code: 'MessageTooLong', reason: `the body has ${bytes} bytes; ${this.name} takes at most ${this.maxBytes}`, senderFault: true });
        continue;
      }
      if (batch.length === MAX_ENTRIES_PER_BATCH || batchBytes + bytes > this.maxBytes) await flush();
      // The body's index as the entry id ties each failure SQS reports to the body it came from.
      batch.push({ Id: String(index), MessageBody: text, ...delay });
      batchBytes += bytes;
    }
    await flush();
    if (rejected.length > 0) throw new QueueSendError(this.name, rejected.sort((a, b) => a.index - b.index), sentCount);
  }
}

/**
 * The body as JSON with characters above U+FFFF written as \u escapes: the same JSON to every reader, plain BMP text
 * on the wire. SQS accepts those characters, but the local SQS emulator (fauxqs) refuses them, and the local
 * runtime must behave as AWS does.
 */
export function messageBody(body: unknown): string {
  return JSON.stringify(body).replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, (pair) => `\\u${pair.charCodeAt(0).toString(16)}\\u${pair.charCodeAt(1).toString(16)}`);
}
