import type { ConsumableQueue } from '../../shared/ports/queue.js';
import type { ConsumerOutcome } from '../../shared/usecases/consumer-outcome.js';

export interface ConsumerStats {
  processed: number;
  done: Record<string, number>;
  retried: number;
  parked: number;
  failed: number;
  halted?: string;
}

export interface Consumer<T> {
  queue: ConsumableQueue<T>;
  handle: (body: T, meta: { receiveCount: number }) => Promise<ConsumerOutcome>;
  /** Messages taken per receive; the local stand-in for an SQS batch. */
  batchSize?: number;
  visibilitySeconds?: number;
  /** Receives after which a message whose handler keeps throwing is dead-lettered (SQS maxReceiveCount). */
  maxReceives?: number;
  log?: (line: string) => void;
}

export function emptyStats(): ConsumerStats {
  return { processed: 0, done: {}, retried: 0, parked: 0, failed: 0 };
}

/**
 * Receives one batch and acts on each outcome, as Lambda's SQS integration does in AWS:
 * done → delete; retry → visible again after the delay; park → dead-letter queue with the reason;
 * halt → leave the message and stop this consumer; a throw → redelivered, dead-lettered after maxReceives.
 * Returns how many messages it received.
 */
export async function consumeBatch<T>(consumer: Consumer<T>, stats: ConsumerStats): Promise<number> {
  if (stats.halted) return 0;
  const { queue } = consumer;
  const messages = await queue.receive(consumer.batchSize ?? 10, consumer.visibilitySeconds ?? 60);
  for (const [index, message] of messages.entries()) {
    stats.processed += 1;
    let outcome: ConsumerOutcome;
    try {
      outcome = await consumer.handle(message.body, { receiveCount: message.receiveCount });
    } catch (error) {
      stats.failed += 1;
      const reason = error instanceof Error ? error.message : String(error);
      if (message.receiveCount >= (consumer.maxReceives ?? 5)) {
        await queue.deadLetter(message.id, `failed ${message.receiveCount} times: ${reason}`);
        consumer.log?.(`${queue.name}: dead-lettered after ${message.receiveCount} attempts: ${reason}`);
      } else {
        await queue.retryLater(message.id, Math.min(60, 2 ** message.receiveCount));
      }
      continue;
    }
    switch (outcome.kind) {
      case 'done':
        stats.done[outcome.detail] = (stats.done[outcome.detail] ?? 0) + 1;
        await queue.delete(message.id);
        break;
      case 'retry':
        stats.retried += 1;
        await queue.retryLater(message.id, outcome.delaySeconds);
        break;
      case 'park':
        stats.parked += 1;
        await queue.deadLetter(message.id, outcome.reason);
        consumer.log?.(`${queue.name}: parked: ${outcome.reason}`);
        break;
      case 'halt':
        stats.halted = outcome.reason;
        for (const left of messages.slice(index)) await queue.retryLater(left.id, 0);
        consumer.log?.(`${queue.name}: ALARM, consumer halted: ${outcome.reason}`);
        return messages.length;
    }
  }
  return messages.length;
}
