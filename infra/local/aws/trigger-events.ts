/**
 * Realistic events of each trigger, for invoking a deployed function directly (the cold-start test and bench, the
 * admin CLI later): what Scheduler, an SQS event source mapping, API Gateway and SNS would hand it.
 */
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { payloadV2 } from './http-api.js';
import type { LocalCloud } from './local-cloud.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './local-deployment.js';
import { snsEvent } from './lambda-service.js';
import { scheduledInput } from './schedules.js';
import { toRecord } from './sqs-event-source.js';

/** The event the function's first schedule sends (or the one whose input has `key`). */
export function scheduledEvent(cloud: LocalCloud, name: string, key?: string): unknown {
  const fn = cloud.lambda.function(name);
  const schedule = cloud.deployment.schedules.find((s) => s.functionArn === fn.arn && (!key || s.input.includes(`"${key}"`)));
  if (!schedule) throw new Error(`${name} has no schedule${key ? ` with ${key}` : ''}`);
  return scheduledInput(schedule.input, `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT}:schedule/default/${schedule.logicalId}`, new Date());
}

/** An SQS event of real messages: sent to the function's queue and received as its event source mapping would. */
export async function queueEvent(cloud: LocalCloud, name: string, bodies: unknown[]): Promise<SQSEvent> {
  const fn = cloud.lambda.function(name);
  const mapping = cloud.deployment.eventSources.find((m) => m.functionArn === fn.arn);
  const queue = cloud.deployment.queues.find((q) => q.arn === mapping?.queueArn);
  if (!queue) throw new Error(`${name} consumes no queue`);
  const url = `${cloud.urls.sqs}/${LOCAL_ACCOUNT}/${queue.name}`;
  for (const body of bodies) await cloud.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(body) }));
  const { Messages = [] } = await cloud.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
  return { Records: Messages.map((m) => toRecord(m, queue.arn)) };
}

/** The payload 2.0 event for a request on one of the function's HTTP API routes. */
export function httpEvent(cloud: LocalCloud, name: string, request: { method: string; path: string; query?: string; headers?: Record<string, string>; body?: string }) {
  const fn = cloud.lambda.function(name);
  const route = cloud.deployment.routes.find((r) => r.functionArn === fn.arn && r.method === request.method && r.path === request.path);
  if (!route) throw new Error(`${name} has no route ${request.method} ${request.path}`);
  return payloadV2(route, {
    method: request.method,
    url: new URL(`${request.path}${request.query ? `?${request.query}` : ''}`, 'https://local.execute-api.amazonaws.com'),
    headers: { host: 'local.execute-api.amazonaws.com', 'user-agent': 'newshound-test', ...request.headers },
    ...(request.body !== undefined ? { body: Buffer.from(request.body) } : {}),
  });
}

/** The SNS event of a topic the function subscribes to. */
export function topicEvent(cloud: LocalCloud, name: string, message: unknown) {
  const fn = cloud.lambda.function(name);
  const topic = [...cloud.deployment.topicSubscriptions].find(([, functions]) => functions.includes(fn.arn))?.[0];
  if (!topic) throw new Error(`${name} subscribes to no topic`);
  return snsEvent(topic, JSON.stringify(message));
}
