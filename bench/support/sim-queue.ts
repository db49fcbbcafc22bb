/**
 * A virtual-time stand-in for an SQS standard queue (the producer side implements the product's Queue port) that
 * counts requests as SQS bills them: SendMessageBatch of up to 10 entries, each request billed per started 64 KB
 * of payload. Consumers (the simulated event source mapping) take visible messages in batches.
 */
import type { Queue } from '../../shared/ports/queue.js';
import type { Clock } from '../../shared/ports/clock.js';
import { count } from './trace.js';

/** Modelled latency of one SQS API call from Lambda in the same region. */
export const SQS_CALL_MS = 10;
const CHUNK = 64 * 1024;

export class SimClock implements Clock {
  constructor(public ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
  set(ms: number): void {
    this.ms = Math.max(this.ms, ms);
  }
}

export interface SimMessage<T> {
  id: number;
  body: T;
  visibleAt: number;
  /** Earlier re-sends by the consumer (sqsConsumer's `retries` attribute). */
  retries: number;
  receiveCount: number;
}

let nextId = 0;

export class SimQueue<T> implements Queue<T> {
  private messages: SimMessage<T>[] = [];
  constructor(
    readonly name: string,
    private readonly clock: SimClock,
  ) {}

  get size(): number {
    return this.messages.length;
  }

  async send(bodies: T[], options: { delaySeconds?: number } = {}): Promise<void> {
    for (let i = 0; i < bodies.length; i += 10) {
      const chunk = bodies.slice(i, i + 10);
      const bytes = chunk.reduce((n, b) => n + Buffer.byteLength(JSON.stringify(b)), 0);
      count({ service: 'sqs', op: `SendMessageBatch ${this.name}`, calls: 1, billed: Math.max(1, Math.ceil(bytes / CHUNK)), messages: chunk.length, bytes }, SQS_CALL_MS);
      for (const body of chunk) this.push(body, options.delaySeconds ?? 0, 0);
    }
  }

  /** The consumer's re-send of a message to retry later (one SendMessage with DelaySeconds, as sqs-consumer does). */
  resend(message: SimMessage<T>, delaySeconds: number): void {
    const bytes = Buffer.byteLength(JSON.stringify(message.body)) + 40;
    count({ service: 'sqs', op: `SendMessage ${this.name} (retry)`, calls: 1, billed: Math.max(1, Math.ceil(bytes / CHUNK)), messages: 1, bytes }, SQS_CALL_MS);
    this.push(message.body, Math.min(900, Math.max(0, Math.ceil(delaySeconds))), message.retries + 1);
  }

  /** A parked message goes to the dead-letter queue with its reason. */
  park(message: SimMessage<T>, reason: string): void {
    const bytes = Buffer.byteLength(JSON.stringify(message.body)) + reason.length;
    count({ service: 'sqs', op: `SendMessage ${this.name}-dlq`, calls: 1, billed: Math.max(1, Math.ceil(bytes / CHUNK)), messages: 1, bytes }, SQS_CALL_MS);
  }

  private push(body: T, delaySeconds: number, retries: number): void {
    this.messages.push({ id: ++nextId, body, visibleAt: this.clock.ms + delaySeconds * 1000, retries, receiveCount: 0 });
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
