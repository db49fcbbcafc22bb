import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dlqUrlEnv, queueUrlEnv } from '../topology/environment.js';
import { entryOf, type FunctionName, type OwnQueue, queueTriggerOf } from '../topology/functions.js';
import type { QueueMessages } from '../topology/queues.js';
import { lambdaHandler, type LambdaOptions } from './lambda-handler.js';
import { requireUrlEnv } from './lambda-env.js';
import type { Capability, FunctionDefinition, Ports, World } from './ports.js';
import { haltSender, isResumeRequest, type ResumeRequest, resumeIfDue, type SenderHaltDeps } from './sender-halt.js';
import { type RecordHandler, sqsConsumer } from './sqs-consumer.js';

/**
 * The handler of a queue consumer: `handler = queueConsumer(definition, makeHandler)`, where makeHandler returns what
 * to do with one message. Partial batch failures, re-queues, parking with a reason and halting are
 * shared/runtime/sqs-consumer.ts; a haltable sender also answers its scheduled resume check.
 */
export function queueConsumer<F extends FunctionName, C extends Capability, D>(
  definition: FunctionDefinition<F, C, D>,
  makeHandler: (deps: D, ports: Ports<F, C>) => RecordHandler<QueueMessages[OwnQueue<F>]>,
  options: Pick<LambdaOptions<never>, 'metrics'> = {},
) {
  const { name } = definition;
  const trigger = queueTriggerOf(name);
  if (!trigger) throw new Error(`${name} has no queue trigger in shared/topology/functions.ts`);
  const haltable = entryOf(name).haltable === true;
  let consume: ReturnType<typeof sqsConsumer<QueueMessages[OwnQueue<F>]>> | undefined;

  return lambdaHandler(
    definition,
    (deps, ports) =>
      async (event: SQSEvent | ResumeRequest, context: Context): Promise<SQSBatchResponse | { resume: string }> => {
        const halts = haltable ? senderHaltDeps(name, ports as unknown as Partial<World> & Ports<F, C>) : undefined;
        if (isResumeRequest(event)) {
          if (!halts) throw new Error(`${name} is not a haltable sender`);
          return { resume: await resumeIfDue(halts, event) };
        }
        consume ??= sqsConsumer({
          sqs: new SQSClient({}),
          queueUrl: requireUrlEnv(queueUrlEnv(trigger.queue)),
          dlqUrl: requireUrlEnv(dlqUrlEnv(trigger.queue)),
          logger: ports.logger,
          ...(halts ? { onHalt: (reason: string) => haltSender(halts, reason) } : {}),
        });
        return consume(event, context, makeHandler(deps, ports));
      },
    options,
  );
}

/** What a haltable sender's halt and resume check use, from its ports. */
export function senderHaltDeps(name: FunctionName, ports: Partial<World> & Ports<FunctionName, never>): SenderHaltDeps {
  if (!ports.table || !ports.eventSource) throw new Error(`${name} is haltable but its definition provides no table or eventSource`);
  return { sender: name, halts: ports.table.senderHalts, eventSource: ports.eventSource, clock: ports.clock, logger: ports.logger };
}
