import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsQueue } from '../../adapters/sqs/sqs-queue.js';
import type { Queue } from '../../ports/queue.js';
import { queueUrlEnv } from '../../topology/environment.js';
import { sendsOf } from '../../topology/functions.js';
import type { QueueMessages, QueueName } from '../../topology/queues.js';
import { requireUrlEnv } from '../lambda-env.js';
import type { CapabilityFactory, QueueFactory } from '../ports.js';

/** The SQS queues the function's topology entry lets it send to; every URL is checked at cold start. */
export const sqsQueues: CapabilityFactory<QueueFactory> = ({ env, name }) => {
  const client = new SQSClient({});
  const urls = new Map(sendsOf(name).map((queue) => [queue, requireUrlEnv(queueUrlEnv(queue), env)]));
  const queues = new Map<QueueName, Queue<unknown>>();
  return {
    queue<Q extends QueueName>(queue: Q): Queue<QueueMessages[Q]> {
      const url = urls.get(queue);
      if (!url) throw new Error(`${name} may not send to the ${queue} queue (shared/topology/functions.ts)`);
      if (!queues.has(queue)) queues.set(queue, new SqsQueue(client, url, queue));
      return queues.get(queue) as Queue<QueueMessages[Q]>;
    },
  };
};
