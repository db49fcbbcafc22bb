/**
 * A virtual-time stand-in for an SQS standard queue (the producer side implements the product's Queue port) that
 * counts requests as SQS bills them: SendMessageBatch of up to 10 entries, each request billed per started 64 KB
 * of payload. Consumers (the simulated event source mapping) take visible messages in batches.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../shared/ports/clock.js';
import type { Queue } from '../../shared/ports/queue.js';
import type { QueueMessages, QueueName } from '../../shared/topology/queues.js';
import { count, currentTrace } from './trace.js';

/** Modelled latency of one SQS API call from Lambda in the same region. */
export const SQS_CALL_MS = 10;
/** SQS bills a request per started 64 KB of payload. */
export const billedChunks = (bytes: number) => Math.max(1, Math.ceil(bytes / (64 * 1024)));

/** Virtual time. `now()` is the caller's own instant: the clock's, plus what its record slept (trace.ts simSleep). */
export class SimClock implements Clock {
  constructor(public ms: number) {}
  now(): Date {
    return new Date(this.ms + (currentTrace()?.sleptMs ?? 0));
  }
  set(ms: number): void {
    this.ms = Math.max(this.ms, ms);
  }
}

export interface SimMessage<T> {
  messageId: string;
  body: T;
  visibleAt: number;
  /** Earlier re-sends by the consumer (sqsConsumer's `retries` attribute). */
  retries: number;
  receiveCount: number;
}

export class SimQueue<T> implements Queue<T> {
  private messages: SimMessage<T>[] = [];
  /** What the consumer parked in the dead-letter queue, with its reason. */
  readonly parked: { body: T; reason: string }[] = [];

  constructor(
    readonly name: QueueName,
    private readonly clock: SimClock,
  ) {}

  get size(): number {
    return this.messages.length;
  }

  async send(bodies: T[], options: { delaySeconds?: number } = {}): Promise<void> {
    for (let i = 0; i < bodies.length; i += 10) {
      const chunk = bodies.slice(i, i + 10);
      const bytes = chunk.reduce((n, b) => n + Buffer.byteLength(JSON.stringify(b)), 0);
      count({ service: 'sqs', op: `SendMessageBatch ${this.name}`, calls: 1, billed: billedChunks(bytes), messages: chunk.length, bytes }, SQS_CALL_MS);
      for (const body of chunk) this.push(body, options.delaySeconds ?? 0, 0);
    }
  }

  /**
   * A message the consumer sent back to its own queue (a retry, or a halted sender's hand-back). Counted by the caller.
   * `sleptMs`: what its record slept first, so the delay runs from the record's own instant.
   */
  requeue(body: T, delaySeconds: number, retries: number, sleptMs = 0): void {
    this.push(body, delaySeconds + sleptMs / 1000, retries);
  }

  /** A message whose processing failed: SQS shows it again once its visibility timeout is over. */
  returnAt(message: SimMessage<T>, visibleAt: number): void {
    this.messages.push({ ...message, visibleAt });
  }

  private push(body: T, delaySeconds: number, retries: number): void {
    this.messages.push({ messageId: randomUUID(), body, visibleAt: this.clock.ms + delaySeconds * 1000, retries, receiveCount: 0 });
  }

  /** Whether a batch would be handed over now: full, or the oldest visible message waited out the batching window. */
  ready(now: number, batchSize: number, windowMs: number): boolean {
    const visible = this.messages.filter((m) => m.visibleAt <= now);
    if (visible.length === 0) return false;
    return visible.length >= batchSize || Math.min(...visible.map((m) => m.visibleAt)) + windowMs <= now;
  }

  /** When a batch will next be ready, if anything is queued. */
  nextReadyAt(now: number, windowMs: number): number | undefined {
    if (this.messages.length === 0) return undefined;
    const first = Math.min(...this.messages.map((m) => m.visibleAt));
    return Math.max(now, first + windowMs);
  }

  take(now: number, max: number): SimMessage<T>[] {
    const batch: SimMessage<T>[] = [];
    const rest: SimMessage<T>[] = [];
    for (const m of this.messages) {
      if (batch.length < max && m.visibleAt <= now) batch.push(m);
      else rest.push(m);
    }
    this.messages = rest;
    for (const m of batch) m.receiveCount += 1;
    return batch;
  }
}

/** One simulated queue per topology queue, each carrying that queue's message type. */
export type SimQueues = { [Q in QueueName]: SimQueue<QueueMessages[Q]> };

export function simQueues(clock: SimClock): SimQueues {
  return {
    poll: new SimQueue('poll', clock),
    'fan-out': new SimQueue('fan-out', clock),
    email: new SimQueue('email', clock),
    telegram: new SimQueue('telegram', clock),
    webhook: new SimQueue('webhook', clock),
    publish: new SimQueue('publish', clock),
  };
}
