/**
 * Lambda as the cost model needs it: scheduled invocations and SQS event-source invocations, one per batch of the
 * configured size (infra/stacks/function-specs.ts), records of a batch run concurrently (Powertools BatchProcessor's
 * default), outcomes handled as shared/runtime/sqs-consumer.ts does (retry = re-send with a delay, park = DLQ).
 * Time is virtual: an invocation starts at the clock's instant and keeps its lane busy for its modelled duration
 * (measured in-process time, minus the meter's own look-ups, plus the modelled latency of the calls it made);
 * when nothing is ready the clock jumps to the next visible message, so delays and pacing cost no real waiting.
 */
import { FUNCTION_SPECS, type FunctionName } from '../../infra/stacks/function-specs.js';
import type { ConsumerMeta } from '../../shared/runtime/sqs-consumer.js';
import type { ConsumerOutcome } from '../../shared/usecases/consumer-outcome.js';
import type { LambdaLogs } from './lambda-logs.js';
import type { SimClock, SimMessage, SimQueue } from './sim-queue.js';
import type { Tally } from './tally.js';
import { newTrace, withTrace } from './trace.js';

const MAX_RETRIES = 50;

export interface ConsumerSpec<T> {
  fn: FunctionName;
  queue: SimQueue<T>;
  /** Concurrent containers (the event source's maxConcurrency); `lane` tells a handler which one it runs in. */
  lanes: number;
  /** One record, as the product's sqsConsumer hands it to its use case. */
  handle?: (body: T, meta: ConsumerMeta, lane: number) => Promise<ConsumerOutcome>;
  /** Or the whole batch at once (publish-feeds). */
  handleBatch?: (bodies: T[], lane: number) => Promise<void>;
  /** Runs at the end of each invocation inside it (e.g. the metrics middleware flushing). */
  afterInvocation?: () => void;
}

interface Consumer {
  spec: ConsumerSpec<unknown>;
  busyUntil: number[];
}

export class SimRuntime {
  private readonly consumers: Consumer[] = [];
  constructor(
    readonly clock: SimClock,
    readonly tally: Tally,
    readonly logs: LambdaLogs,
  ) {}

  addConsumer<T>(spec: ConsumerSpec<T>): void {
    this.consumers.push({ spec: spec as ConsumerSpec<unknown>, busyUntil: Array.from({ length: spec.lanes }, () => 0) });
  }

  /** A scheduled invocation (EventBridge Scheduler → Lambda). Returns its modelled duration. */
  async tick(fn: FunctionName, work: (requestId: string) => Promise<void>): Promise<number> {
    const requestId = this.logs.begin(fn);
    const trace = newTrace(fn);
    const start = performance.now();
    await withTrace(trace, () => work(requestId));
    const wall = performance.now() - start;
    const compute = Math.max(0, wall - trace.meterMs);
    const duration = compute + trace.extraMs;
    this.tally.addTrace(trace);
    this.tally.invocation(fn, 1, duration, compute);
    this.logs.platform(fn, requestId, duration);
    return duration;
  }

  /** Runs every consumer until no queue holds a message (delayed ones included). */
  async drain(maxInvocations = 1_000_000): Promise<void> {
    for (let n = 0; n < maxInvocations; ) {
      const now = this.clock.ms;
      let progressed = false;
      for (const c of this.consumers) {
        const spec = c.spec;
        for (let lane = 0; lane < c.busyUntil.length; lane++) {
          if (c.busyUntil[lane]! > now) continue;
          if (!spec.queue.ready(now, FUNCTION_SPECS[spec.fn].consumes!.batchSize, windowMs(spec.fn))) break;
          const batch = spec.queue.take(now, FUNCTION_SPECS[spec.fn].consumes!.batchSize);
          const duration = await this.invoke(spec, batch, lane);
          c.busyUntil[lane] = now + Math.max(1, Math.ceil(duration));
          progressed = true;
          n++;
        }
      }
      if (progressed) continue;
      let next: number | undefined;
      for (const c of this.consumers) {
        const ready = c.spec.queue.nextReadyAt(now, windowMs(c.spec.fn));
        if (ready === undefined) continue;
        const laneFree = Math.min(...c.busyUntil);
        const at = Math.max(ready, laneFree, now + 1);
        next = next === undefined ? at : Math.min(next, at);
      }
      if (next === undefined) return;
      this.clock.set(next);
    }
    throw new Error('simulated queues did not drain');
  }

  private async invoke(spec: ConsumerSpec<unknown>, batch: SimMessage<unknown>[], lane: number): Promise<number> {
    const { fn, queue } = spec;
    const requestId = this.logs.begin(fn);
    // The event source mapping's own requests: billed to the account, not to the function's duration.
    this.tally.add(fn, '', { service: 'sqs', op: `ReceiveMessage ${queue.name}`, calls: Math.ceil(batch.length / 10), messages: batch.length });
    let duration: number;
    let compute: number;
    let deleted: number;
    if (spec.handleBatch) {
      const trace = newTrace(fn);
      const start = performance.now();
      await withTrace(trace, () => spec.handleBatch!(batch.map((m) => m.body), lane));
      if (spec.afterInvocation) this.logs.capture(fn, spec.afterInvocation);
      const wall = performance.now() - start;
      compute = Math.max(0, wall - trace.meterMs);
      duration = compute + trace.extraMs;
      this.tally.addTrace(trace);
      deleted = batch.length;
    } else {
      const results = await Promise.all(
        batch.map(async (message) => {
          const trace = newTrace(fn);
          const start = performance.now();
          const kept = await withTrace(trace, () => this.record(spec, message, requestId, lane));
          const wall = performance.now() - start;
          this.tally.addTrace(trace);
          return { kept, compute: Math.max(0, wall - trace.meterMs), duration: Math.max(0, wall - trace.meterMs) + trace.extraMs };
        }),
      );
      if (spec.afterInvocation) this.logs.capture(fn, spec.afterInvocation);
      duration = Math.max(...results.map((r) => r.duration));
      compute = Math.max(...results.map((r) => r.compute));
      deleted = results.filter((r) => !r.kept).length;
    }
    if (deleted > 0) this.tally.add(fn, '', { service: 'sqs', op: `DeleteMessageBatch ${queue.name}`, calls: Math.ceil(deleted / 10), messages: deleted });
    this.tally.invocation(fn, batch.length, duration, compute);
    this.logs.platform(fn, requestId, duration);
    return duration;
  }

  /** sqs-consumer.ts: returns true when the message stays on the queue (a failure), false when it is deleted. */
  private async record(spec: ConsumerSpec<unknown>, message: SimMessage<unknown>, requestId: string, lane: number): Promise<boolean> {
    const { fn, queue } = spec;
    const { logger } = this.logs.of(fn);
    const receiveCount = message.retries + message.receiveCount;
    const outcome = await spec.handle!(message.body, { receiveCount, requestId }, lane);
    switch (outcome.kind) {
      case 'done':
        this.logs.capture(fn, () => logger.debug('done', { messageId: String(message.id), detail: outcome.detail }));
        return false;
      case 'retry':
        if (message.retries >= MAX_RETRIES) {
          queue.park(message, `gave up: ${outcome.reason}`);
          return false;
        }
        queue.resend(message, outcome.delaySeconds);
        this.logs.capture(fn, () => logger.info('retry later', { messageId: String(message.id), delaySeconds: outcome.delaySeconds, reason: outcome.reason }));
        return false;
      case 'park':
        queue.park(message, outcome.reason);
        this.logs.capture(fn, () => logger.warn('parked', { messageId: String(message.id), reason: outcome.reason }));
        return false;
      case 'halt':
        this.logs.capture(fn, () => logger.error('ALARM consumer halted', { messageId: String(message.id), reason: outcome.reason }));
        throw new Error(`${fn} halted: ${outcome.reason}`);
    }
  }
}

function windowMs(fn: FunctionName): number {
  return (FUNCTION_SPECS[fn].consumes?.maxBatchingWindowSeconds ?? 0) * 1000;
}

