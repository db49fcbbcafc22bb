/**
 * The deployment's dead-letter queues, found from the stack: each work queue's redrive policy names its DLQ (so the
 * DLQ's source is known, not guessed), and the async-failure queue catches what Lambda's and Scheduler's
 * asynchronous invocations gave up on. Each is named as the topology names its work queue (`poll`, `fan-out`, ...)
 * or `async-failures`.
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { pascalCase } from '../../shared/topology/functions.js';
import { QUEUE_NAMES } from '../../shared/topology/queues.js';
import type { AwsClients } from './aws-clients.js';
import type { DeployedStack } from './deployed-stack.js';

export const ASYNC_FAILURES = 'async-failures';

export interface DeadLetterQueue {
  /** `poll`, `fan-out`, ... (its work queue's name), or `async-failures`. */
  label: string;
  url: string;
  arn: string;
  /** Messages waiting: visible, in flight (someone is reading them) and delayed. */
  depth: number;
  /** The work queue it catches for; absent for the async-failure queue. */
  source?: { url: string; arn: string };
}

interface QueueInfo {
  url: string;
  logicalId: string;
  attributes: Record<string, string>;
}

export async function deadLetterQueues(clients: AwsClients, stack: DeployedStack): Promise<DeadLetterQueue[]> {
  const queues: QueueInfo[] = [];
  for (const r of stack.ofType('AWS::SQS::Queue')) {
    const { Attributes = {} } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: r.physicalId, AttributeNames: ['All'] }));
    queues.push({ url: r.physicalId, logicalId: r.logicalId, attributes: Attributes });
  }
  const byArn = new Map(queues.map((q) => [q.attributes.QueueArn, q]));
  const found: DeadLetterQueue[] = [];
  for (const source of queues) {
    const policy = source.attributes.RedrivePolicy;
    if (!policy) continue;
    const dlq = byArn.get((JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn);
    if (!dlq) continue;
    found.push({ label: workQueueLabel(source.logicalId), url: dlq.url, arn: dlq.attributes.QueueArn!, depth: depthOf(dlq), source: { url: source.url, arn: source.attributes.QueueArn! } });
  }
  const asyncFailures = queues.find((q) => q.logicalId.startsWith('AsyncFailuresDlq'));
  if (asyncFailures) found.push({ label: ASYNC_FAILURES, url: asyncFailures.url, arn: asyncFailures.attributes.QueueArn!, depth: depthOf(asyncFailures) });
  return found;
}

/** A DLQ by its label, its name or its URL; undefined when none matches. */
export function findDeadLetterQueue(queues: DeadLetterQueue[], name: string): DeadLetterQueue | undefined {
  return queues.find((q) => q.label === name || q.url === name || q.url.endsWith(`/${name}`) || q.arn === name);
}

/** `PollQueue70286EBC` → `poll`, `FanOutQueue…` → `fan-out`: the topology's name for the work queue. */
function workQueueLabel(logicalId: string): string {
  return QUEUE_NAMES.find((name) => logicalId.startsWith(`${pascalCase(name)}Queue`)) ?? logicalId;
}

function depthOf(queue: QueueInfo): number {
  const n = (key: string) => Number(queue.attributes[key] ?? 0) || 0;
  return n('ApproximateNumberOfMessages') + n('ApproximateNumberOfMessagesNotVisible') + n('ApproximateNumberOfMessagesDelayed');
}
