/**
 * One execution environment of a function in the simulated Lambda, running what shared/runtime/lambda-handler.ts and
 * shared/runtime/queue-consumer.ts run in AWS: ports built once per container (bench-ports.ts), the definition's
 * `compose` and the handler module's own `makeHandler` on every invocation, and for a queue consumer the product's
 * sqsConsumer (partial batch failures, re-sends, parking, halting) and a haltable sender's resume check.
 * Powertools' middlewares are left out: the bench adds the Lambda context (lambda-logs.ts) and, where the handler
 * asks for it, flushes the metrics as the handler's middleware does.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { publishStoredMetricsIfAny } from '../../shared/runtime/lambda-handler.js';
import type { Capability, FunctionDefinition, Ports, World } from '../../shared/runtime/ports.js';
import { senderHaltDeps } from '../../shared/runtime/queue-consumer.js';
import { haltSender, isResumeRequest, resumeIfDue } from '../../shared/runtime/sender-halt.js';
import { type RecordHandler, sqsConsumer } from '../../shared/runtime/sqs-consumer.js';
import { entryOf, type FunctionName, queueTriggerOf } from '../../shared/topology/functions.js';
import type { ConsumerOutcome } from '../../shared/usecases/consumer-outcome.js';
import { benchPorts, type BenchWorld } from './bench-ports.js';
import { simDlqUrl, simQueueUrl, simSqsClient } from './sim-sqs-client.js';
import { type Trace, withRecordTrace } from './trace.js';

export interface SimContainer {
  invoke(event: unknown, context: Context): Promise<unknown>;
}

export interface ContainerOptions<T> {
  /** Flush Powertools metrics after each invocation (the handler's `{ metrics: true }`). */
  metrics?: boolean;
  /** Sees each record's outcome inside its trace (to tag it and count what the scenario is driven by). */
  observe?: (body: T, outcome: ConsumerOutcome, trace: Trace) => void;
}

/** `lambdaHandler(definition, makeHandler)` in the bench. */
export function lambdaContainer<F extends FunctionName, C extends Capability, D, E, R>(
  definition: FunctionDefinition<F, C, D>,
  makeHandler: (deps: D, ports: Ports<F, C>) => (event: E, context: Context) => Promise<R>,
  world: BenchWorld,
  options: Pick<ContainerOptions<never>, 'metrics'> = {},
): SimContainer {
  const ports: Ports<F, C> = benchPorts(definition.name, world);
  return {
    async invoke(event, context) {
      try {
        return await makeHandler(await definition.compose(ports), ports)(event as E, context);
      } finally {
        if (options.metrics) publishStoredMetricsIfAny(ports.metrics);
      }
    },
  };
}

/** `queueConsumer(definition, makeHandler)` in the bench. */
export function queueConsumerContainer<F extends FunctionName, C extends Capability, D, T>(
  definition: FunctionDefinition<F, C, D>,
  makeHandler: (deps: D, ports: Ports<F, C>) => RecordHandler<T>,
  world: BenchWorld,
  options: ContainerOptions<T> = {},
): SimContainer {
  const { name } = definition;
  const trigger = queueTriggerOf(name);
  if (!trigger) throw new Error(`${name} has no queue trigger in shared/topology/functions.ts`);
  const ports: Ports<F, C> = benchPorts(name, world);
  const halts = entryOf(name).haltable ? senderHaltDeps(name, ports as unknown as Partial<World> & Ports<FunctionName, never>) : undefined;
  const consume = sqsConsumer<T>({
    sqs: simSqsClient(world.queues),
    queueUrl: simQueueUrl(trigger.queue),
    dlqUrl: simDlqUrl(trigger.queue),
    logger: ports.logger,
    now: () => world.clock.ms,
    ...(halts ? { onHalt: (reason: string) => haltSender(halts, reason) } : {}),
  });
  const traced =
    (handle: RecordHandler<T>): RecordHandler<T> =>
    (body, meta) =>
      withRecordTrace(JSON.stringify(body), async (trace) => {
        const outcome = await handle(body, meta);
        options.observe?.(body, outcome, trace);
        return outcome;
      });
  return {
    async invoke(event, context) {
      const deps = await definition.compose(ports);
      if (isResumeRequest(event)) {
        if (!halts) throw new Error(`${name} is not a haltable sender`);
        return { resume: await resumeIfDue(halts, event) };
      }
      try {
        return await consume(event as SQSEvent, context, traced(makeHandler(deps, ports)));
      } finally {
        if (options.metrics) publishStoredMetricsIfAny(ports.metrics);
      }
    },
  };
}
