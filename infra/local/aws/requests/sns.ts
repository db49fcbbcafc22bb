import type { ArnContext, WireRequest } from '../iam-requests.js';
import { formParams, unsupported, UnmappableRequestError, type Described } from './wire.js';

/** SNS speaks the query protocol. Publish is authorized on the topic it names. */
export function describeSns(req: WireRequest, ctx: ArnContext): Described {
  const params = formParams(req);
  const operation = params.get('Action');
  if (!operation) throw new UnmappableRequestError(`SNS request without an Action: ${req.method} ${req.path}`);
  if (operation !== 'Publish') return unsupported('SNS', operation);
  const topicArn = params.get('TopicArn') || params.get('TargetArn');
  if (!topicArn) throw new UnmappableRequestError('Publish: no TopicArn (publishing to a phone number is not mapped)');
  if (!topicArn.startsWith(`arn:aws:sns:${ctx.region}:`)) throw new UnmappableRequestError(`Publish: ${topicArn} is not a topic of ${ctx.region}`);
  return { operation, calls: [{ action: 'sns:Publish', resource: topicArn }] };
}
