/**
 * Who is calling: every simulated Lambda invocation (and each record of a batch) runs inside a Trace, carried by
 * AsyncLocalStorage through every await, so the DynamoDB middleware, the simulated queues, senders and publisher
 * can attribute what they count, and the log capture what is written, to the function that caused it. Calls made
 * outside a trace (scenario set-up) are not counted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** One counted call. `billed` is the unit the provider bills, when it differs from calls (SQS 64 KB chunks). */
export interface CountEvent {
  service: 'dynamodb' | 'sqs' | 's3' | 'ses' | 'telegram' | 'http' | 'ssm' | 'sns';
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
  /** What the tally files it under: the function, or "<function> <schedule id>" for a second trigger. */
  fn: string;
  /** Set once the record's outcome is known (e.g. a poll's "304"); counted events and log lines are filed under it. */
  tag: string;
  events: CountEvent[];
  /** What the function wrote to stdout/stderr while the trace was current (see lambda-logs.ts). */
  output: string[];
  /** Wall time spent in the meter's own look-ups (not the product's): subtracted from measured durations. */
  meterMs: number;
  /** Modelled latency of calls that are instant here but not in AWS (SQS, SES, Telegram, S3, the feed's server). */
  extraMs: number;
  /** What the work slept in the invocation (a short pacing wait): its own instant is this much later than the clock's. */
  sleptMs: number;
  /** Modelled latency of work that runs side by side within the record (each feed of a poll message): the longest counts. */
  laneMs: Map<string, number>;
  /** Wall time of the work run in it (records; an invocation's is measured by the runtime). */
  wallMs: number;
  /** An invocation's records. */
  records: Trace[];
  /** The same by message body, so the consumer's own calls about a record are filed with it. */
  recordsByBody: Map<string, Trace>;
}

const storage = new AsyncLocalStorage<Trace>();

export const currentTrace = (): Trace | undefined => storage.getStore();

export function newTrace(fn: string, tag = ''): Trace {
  return { fn, tag, events: [], output: [], meterMs: 0, extraMs: 0, sleptMs: 0, laneMs: new Map(), wallMs: 0, records: [], recordsByBody: new Map() };
}

export async function withTrace<T>(trace: Trace, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await storage.run(trace, work);
  } finally {
    trace.wallMs += performance.now() - start;
  }
}

/** Runs one record of the current invocation in its own trace, registered under the record's body. */
export function withRecordTrace<T>(body: string, work: (trace: Trace) => Promise<T>): Promise<T> {
  const invocation = currentTrace();
  const trace = newTrace(invocation?.fn ?? '');
  invocation?.records.push(trace);
  invocation?.recordsByBody.set(body, trace);
  return withTrace(trace, () => work(trace));
}

/**
 * Counts `event` against `trace` (default: the current one, if any) and adds `latencyMs` of modelled waiting to it;
 * with `lane`, to that lane (calls of one lane follow each other, lanes run side by side).
 */
export function count(event: CountEvent, latencyMs = 0, trace = currentTrace(), lane?: string): void {
  if (!trace) return;
  trace.events.push(event);
  if (lane === undefined) trace.extraMs += latencyMs;
  else trace.laneMs.set(lane, (trace.laneMs.get(lane) ?? 0) + latencyMs);
}

/**
 * Sleeping in virtual time: the current record's (or invocation's) own instant moves on by `ms` (SimClock.now adds it)
 * and the wait counts in its modelled duration; the shared clock, and every other record, stay where they are.
 */
export async function simSleep(ms: number): Promise<void> {
  const trace = currentTrace();
  if (!trace) return;
  trace.sleptMs += ms;
  trace.extraMs += ms;
}

/** The modelled waiting of a trace: its own calls one after another, its lanes side by side. */
export function modelledWaitMs(trace: Trace): number {
  return trace.extraMs + Math.max(0, ...trace.laneMs.values());
}
