import type { ArnContext, WireRequest } from '../iam-requests.js';
import { formParams, header, jsonBody, unsupported, UnmappableRequestError, type Described } from './wire.js';

/** Operation → IAM action, for operations on the queue named by QueueUrl. Batches need the single-message action. */
const ON_QUEUE_URL: Record<string, string> = {
  SendMessage: 'SendMessage',
  SendMessageBatch: 'SendMessage',
  ReceiveMessage: 'ReceiveMessage',
  DeleteMessage: 'DeleteMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibility: 'ChangeMessageVisibility',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
  GetQueueAttributes: 'GetQueueAttributes',
  PurgeQueue: 'PurgeQueue',
};

export function describeSqs(req: WireRequest, ctx: ArnContext): Described {
  const { operation, param } = sqsParams(req);
  const queueArn = (name: string, account = ctx.accountId) => `arn:aws:sqs:${ctx.region}:${account}:${name}`;

  const action = ON_QUEUE_URL[operation];
  if (action) return { operation, calls: [{ action: `sqs:${action}`, resource: queueArn(queueName(param('QueueUrl') ?? req.path, operation)) }] };
  if (operation === 'GetQueueUrl') {
    const name = param('QueueName');
    if (!name) throw new UnmappableRequestError('GetQueueUrl: missing QueueName');
    return { operation, calls: [{ action: 'sqs:GetQueueUrl', resource: queueArn(name, param('QueueOwnerAWSAccountId') || ctx.accountId) }] };
  }
  if (operation === 'ListQueues') return { operation, calls: [{ action: 'sqs:ListQueues', resource: '*' }] };
  return unsupported('SQS', operation);
}

/** SDK v3 speaks JSON 1.0 (X-Amz-Target: AmazonSQS.<Op>); older clients send the query protocol form. */
function sqsParams(req: WireRequest): { operation: string; param: (name: string) => string | undefined } {
  const target = header(req, 'x-amz-target');
  if (target !== undefined) {
    if (!target.startsWith('AmazonSQS.')) throw new UnmappableRequestError(`unexpected SQS X-Amz-Target ${JSON.stringify(target)}`);
    const operation = target.slice('AmazonSQS.'.length);
    const body = jsonBody(req, operation);
    return { operation, param: (name) => (typeof body[name] === 'string' ? body[name] : undefined) };
  }
  const params = formParams(req);
  const operation = params.get('Action');
  if (!operation) throw new UnmappableRequestError('SQS request with neither X-Amz-Target nor an Action parameter');
  return { operation, param: (name) => params.get(name) ?? undefined };
}

/** The queue name is the last path segment of the queue URL (query protocol clients may post to that path instead). */
function queueName(queueUrlOrPath: string, operation: string): string {
  const path = URL.canParse(queueUrlOrPath) ? new URL(queueUrlOrPath).pathname : queueUrlOrPath;
  const segments = path.split('/').filter(Boolean);
  if (segments.length < 2) throw new UnmappableRequestError(`${operation}: missing QueueUrl`);
  return decodeURIComponent(segments.at(-1)!);
}
