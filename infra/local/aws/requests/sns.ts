import type { ArnContext, WireRequest } from '../iam-requests.js';
import { formParams, unsupported, UnmappableRequestError, type Described } from './wire.js';

const ON_TOPIC = new Set(['ListSubscriptionsByTopic', 'Subscribe', 'ConfirmSubscription', 'GetTopicAttributes']);
const ON_SUBSCRIPTION = new Set(['GetSubscriptionAttributes', 'Unsubscribe']);

/** SNS speaks the query protocol. Publish is authorized on the topic it names; actions on a subscription against its topic. */
export function describeSns(req: WireRequest, ctx: ArnContext): Described {
  const params = formParams(req);
  const operation = params.get('Action');
  if (!operation) throw new UnmappableRequestError(`SNS request without an Action: ${req.method} ${req.path}`);
  const call = (resource: string) => ({ operation, calls: [{ action: `sns:${operation}`, resource }] });
  if (operation === 'Publish') {
    const topicArn = params.get('TopicArn') || params.get('TargetArn');
    if (!topicArn) throw new UnmappableRequestError('Publish: no TopicArn (publishing to a phone number is not mapped)');
    if (!topicArn.startsWith(`arn:aws:sns:${ctx.region}:`)) throw new UnmappableRequestError(`Publish: ${topicArn} is not a topic of ${ctx.region}`);
    return call(topicArn);
  }
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
