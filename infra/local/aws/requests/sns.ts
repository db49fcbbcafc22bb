import type { WireRequest } from '../iam-requests.js';
import { formParams, unsupported, UnmappableRequestError, type Described } from './wire.js';

const ON_TOPIC = new Set(['ListSubscriptionsByTopic', 'Subscribe', 'ConfirmSubscription', 'Publish', 'GetTopicAttributes']);
const ON_SUBSCRIPTION = new Set(['GetSubscriptionAttributes', 'Unsubscribe']);

/** SNS speaks the query protocol; actions on a subscription are authorized against its topic. */
export function describeSns(req: WireRequest): Described {
  const params = formParams(req);
  const operation = params.get('Action');
  if (!operation) throw new UnmappableRequestError(`SNS request without an Action: ${req.method} ${req.path}`);
  const call = (resource: string) => ({ operation, calls: [{ action: `sns:${operation}`, resource }] });
  if (ON_TOPIC.has(operation)) return call(required(params, 'TopicArn', operation));
  if (ON_SUBSCRIPTION.has(operation)) {
    const subscription = required(params, 'SubscriptionArn', operation);
    return call(subscription.split(':').slice(0, 6).join(':'));
  }
  if (operation === 'ListTopics' || operation === 'ListSubscriptions') return call('*');
  return unsupported('SNS', operation);
}

function required(params: URLSearchParams, name: string, operation: string): string {
  const value = params.get(name);
  if (!value) throw new UnmappableRequestError(`${operation}: missing ${name}`);
  return value;
}
