/**
 * Lambda as the cost model needs it: scheduled invocations, and SQS event-source invocations as the topology sets
 * them up (batch size, batching window, maximum concurrency: shared/topology/functions.ts), each handed to one of the
 * consumer's containers (sim-containers.ts) as an SQSEvent; failed records come back after the queue's visibility
 * timeout. Time is virtual: an invocation starts at the clock's instant and keeps its container busy for its
 * modelled duration (measured in-process time, minus the meter's own look-ups, plus the modelled latency of the calls
 * it made); when nothing is ready the clock jumps to the next visible message, so delays and pacing cost no waiting.
 * A record that sleeps (trace.ts simSleep) runs on at its own later instant and is billed for the wait.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { visibilityTimeoutSeconds } from '../../shared/topology/environment.js';
import { type FunctionName, queueTriggerOf } from '../../shared/topology/functions.js';
import type { LambdaLogs } from './lambda-logs.js';
import type { SimContainer } from './sim-containers.js';
import type { SimEventSources } from './sim-event-sources.js';
import type { SimClock, SimMessage, SimQueue, SimQueues } from './sim-queue.js';
import type { Tally } from './tally.js';
import { modelledWaitMs, newTrace, type Trace, withTrace } from './trace.js';

/** Containers of an event source without a maximum concurrency (Lambda would scale out further; the scenario's bursts are small). */
const UNCAPPED_LANES = 10;

interface Consumer {
  fn: FunctionName;
  queue: SimQueue<unknown>;
  batchSize: number;
  windowMs: number;
  containers: SimContainer[];
  busyUntil: number[];
}

export class SimRuntime {
  private readonly consumers: Consumer[] = [];
  constructor(
    readonly clock: SimClock,
    readonly tally: Tally,
    readonly logs: LambdaLogs,
    readonly eventSources: SimEventSources,
    private readonly queues: SimQueues,
  ) {}

  /** The function's event source on its topology queue, one container per lane of its concurrency. */
  addConsumer(fn: FunctionName, newContainer: () => SimContainer): void {
    const trigger = queueTriggerOf(fn);
    if (!trigger) throw new Error(`${fn} has no queue trigger`);
    const lanes = trigger.maxConcurrency ?? UNCAPPED_LANES;
    this.consumers.push({
      fn,
      queue: this.queues[trigger.queue] as SimQueue<unknown>,
      batchSize: trigger.batchSize,
      windowMs: (trigger.maxBatchingWindowSeconds ?? 0) * 1000,
      containers: Array.from({ length: lanes }, newContainer),
      busyUntil: Array.from({ length: lanes }, () => 0),
    });
  }

  /** A consumer's container, for a schedule that invokes the same function (a sender's resume check). */
  container(fn: FunctionName, lane = 0): SimContainer {
    const found = this.consumers.find((c) => c.fn === fn)?.containers[lane];
    if (!found) throw new Error(`${fn} has no container ${lane}`);
    return found;
  }

  /** A scheduled invocation (EventBridge Scheduler → Lambda), filed under `label`. Returns its modelled duration. */
  async tick(label: string, fn: FunctionName, container: SimContainer, event: unknown): Promise<number> {
    const context = this.logs.begin(fn);
    const trace = newTrace(label);
    await withTrace(trace, () => container.invoke(event, context));
    const { duration, compute } = this.file(trace);
    this.tally.invocation(label, 1, duration, compute);
    this.logs.platform(label, fn, context.awsRequestId, duration);
    return duration;
  }

  /** Runs every enabled consumer until no queue holds a message (delayed ones included). */
  async drain(maxInvocations = 1_000_000): Promise<void> {
    for (let n = 0; n < maxInvocations; ) {
      const now = this.clock.ms;
      let progressed = false;
      for (const c of this.running()) {
        for (let lane = 0; lane < c.containers.length; lane++) {
          if (c.busyUntil[lane]! > now) continue;
          if (!c.queue.ready(now, c.batchSize, c.windowMs)) break;
          const duration = await this.invoke(c, c.queue.take(now, c.batchSize), lane);
          c.busyUntil[lane] = now + Math.max(1, Math.ceil(duration));
          progressed = true;
          n++;
        }
      }
      if (progressed) continue;
      let next: number | undefined;
      for (const c of this.running()) {
        const ready = c.queue.nextReadyAt(now, c.windowMs);
        if (ready === undefined) continue;
        const at = Math.max(ready, Math.min(...c.busyUntil), now + 1);
        next = next === undefined ? at : Math.min(next, at);
      }
      if (next === undefined) return;
      this.clock.set(next);
    }
    throw new Error('simulated queues did not drain');
  }

  private running(): Consumer[] {
    return this.consumers.filter((c) => this.eventSources.enabled(c.fn));
  }

  private async invoke(c: Consumer, batch: SimMessage<unknown>[], lane: number): Promise<number> {
    const { fn, queue } = c;
    const context = this.logs.begin(fn);
    // The event source mapping's own requests: billed to the account, not to the function's duration.
    this.tally.add(fn, '', { service: 'sqs', op: `ReceiveMessage ${queue.name}`, calls: Math.ceil(batch.length / 10), messages: batch.length });
    const event: SQSEvent = { Records: batch.map((m) => sqsRecord(queue.name, m)) };
    const trace = newTrace(fn);
    let failed: Set<string>;
    try {
      const response = (await withTrace(trace, () => c.containers[lane]!.invoke(event, context))) as SQSBatchResponse | undefined;
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      // A failed invocation (every record failed, or the function threw): the whole batch comes back.
      failed = new Set(batch.map((m) => m.messageId));
    }
    const { duration, compute } = this.file(trace);
    const returnAt = this.clock.ms + visibilityTimeoutSeconds(queue.name) * 1000;
    for (const m of batch) if (failed.has(m.messageId)) queue.returnAt(m, returnAt);
    const deleted = batch.length - failed.size;
    if (deleted > 0) this.tally.add(fn, '', { service: 'sqs', op: `DeleteMessageBatch ${queue.name}`, calls: Math.ceil(deleted / 10), messages: deleted });
    this.tally.invocation(fn, batch.length, duration, compute);
    this.logs.platform(fn, fn, context.awsRequestId, duration);
    return duration;
  }

  /**
   * Files an invocation's counts and log lines (its records' under their own tags) and models its duration: the
   * records of a batch run concurrently (Powertools BatchProcessor's default), so the slowest record counts, plus
   * what the invocation did around them (composing, the consumer's own calls).
   */
  private file(trace: Trace): { duration: number; compute: number } {
    const { records } = trace;
    for (const t of [trace, ...records]) {
      this.tally.addTrace(t);
      this.logs.file(t);
    }
    const recordCompute = (t: Trace) => Math.max(0, t.wallMs - t.meterMs);
    const around = Math.max(0, trace.wallMs - Math.max(0, ...records.map((t) => t.wallMs)) - trace.meterMs);
    return {
      compute: around + Math.max(0, ...records.map(recordCompute)),
      duration: around + modelledWaitMs(trace) + Math.max(0, ...records.map((t) => recordCompute(t) + modelledWaitMs(t))),
    };
  }
}

/** A message as the event source mapping hands it to the function. */
function sqsRecord(queue: string, m: SimMessage<unknown>): SQSRecord {
  return {
    messageId: m.messageId,
    receiptHandle: `${m.messageId}#${m.receiveCount}`,
    body: JSON.stringify(m.body),
    attributes: { ApproximateReceiveCount: String(m.receiveCount), SentTimestamp: String(m.visibleAt), SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: String(m.visibleAt) },
    messageAttributes: m.retries > 0 ? { retries: { dataType: 'Number', stringValue: String(m.retries) } } : {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:newshound-prod-${queue}`,
    awsRegion: 'us-east-1',
  };
}
