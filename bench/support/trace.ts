/**
 * Who is calling: every simulated Lambda record (or scheduled invocation) runs inside a Trace, carried by
 * AsyncLocalStorage through every await, so the DynamoDB middleware, the simulated queues, senders and publisher
 * can attribute what they count to the function that caused it. Calls made outside a trace (scenario set-up) are
 * not counted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** One counted call. `billed` is the unit the provider bills, when it differs from calls (SQS 64 KB chunks). */
export interface CountEvent {
  service: 'dynamodb' | 'sqs' | 's3' | 'ses' | 'telegram' | 'http';
  op: string;
  calls: number;
  rru?: number;
  wru?: number;
  billed?: number;
  messages?: number;
  bytes?: number;
  /** DynamoDB: bytes of items this call created (for storage). */
  newItemBytes?: number;
  newItems?: number;
}

export interface Trace {
  fn: string;
  /** Set once the record's outcome is known (e.g. a poll's "304"); counted events are filed under it. */
  tag: string;
  events: CountEvent[];
  /** Wall time spent in the meter's own look-ups (not the product's): subtracted from measured durations. */
  meterMs: number;
  /** Modelled latency of calls that are instant here but not in AWS (SQS, SES, Telegram, S3, the feed's server). */
  extraMs: number;
}

const storage = new AsyncLocalStorage<Trace>();

export const currentTrace = (): Trace | undefined => storage.getStore();

export function newTrace(fn: string, tag = ''): Trace {
  return { fn, tag, events: [], meterMs: 0, extraMs: 0 };
}

export function withTrace<T>(trace: Trace, work: () => Promise<T>): Promise<T> {
  return storage.run(trace, work);
}

/** Counts `event` against the current trace (if any) and adds `latencyMs` of modelled waiting to it. */
export function count(event: CountEvent, latencyMs = 0): void {
  const trace = currentTrace();
  if (!trace) return;
  trace.events.push(event);
  trace.extraMs += latencyMs;
}
