import type { ArnContext, WireRequest } from '../iam-requests.js';
import { formParams, unsupported, UnmappableRequestError, type Described } from './wire.js';

const ON_STACK = new Set(['DescribeStacks', 'ListStackResources', 'DescribeStackResource', 'DescribeStackResources']);

/** CloudFormation speaks the query protocol; its read actions take the stack's ARN (any stack id: `/*`). */
export function describeCloudFormation(req: WireRequest, ctx: ArnContext): Described {
  const params = formParams(req);
  const operation = params.get('Action');
  if (!operation) throw new UnmappableRequestError(`CloudFormation request without an Action: ${req.method} ${req.path}`);
  if (!ON_STACK.has(operation)) return unsupported('CloudFormation', operation);
  const name = params.get('StackName');
  const resource = name ? stackArn(name, ctx) : '*';
  return { operation, calls: [{ action: `cloudformation:${operation}`, resource }] };
}

function stackArn(nameOrId: string, ctx: ArnContext): string {
  return nameOrId.startsWith('arn:') ? nameOrId : `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${nameOrId}/*`;
}
