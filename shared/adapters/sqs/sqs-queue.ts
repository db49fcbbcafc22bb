import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Queue } from '../../ports/queue.js';

/** The producer side of an SQS queue (Lambda event source mappings consume). */
export class SqsQueue<T> implements Queue<T> {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    readonly name: string = queueUrl.split('/').pop() ?? queueUrl,
  ) {}

  async send(bodies: T[], options: { delaySeconds?: number } = {}): Promise<void> {
    for (let i = 0; i < bodies.length; i += 10) {
      const chunk = bodies.slice(i, i + 10);
      const entries = chunk.map((body, j) => ({
        Id: String(j),
        MessageBody: JSON.stringify(body),
        ...(options.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.round(options.delaySeconds))) } : {}),
      }));
      const result = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      if (result.Failed && result.Failed.length > 0) {
        const first = result.Failed[0]!;
        throw new Error(`SQS refused ${result.Failed.length} of ${chunk.length} messages to ${this.name}: ${first.Code} ${first.Message ?? ''}`);
      }
    }
  }
}
