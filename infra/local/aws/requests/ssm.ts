import type { ArnContext, WireRequest } from '../iam-requests.js';
import { parameterArn } from '../ssm-parameter-store.js';
import { jsonBody, requiredString, targetOperation, unsupported, type Described } from './wire.js';

const ON_PARAMETER = new Set(['GetParameter', 'PutParameter', 'DeleteParameter']);

/** Parameter Store calls are authorized on the parameter's ARN, with the operation's own action (ssm:GetParameter, ...). */
export function describeSsm(req: WireRequest, ctx: ArnContext): Described {
  const operation = targetOperation(req, 'AmazonSSM.');
  if (!ON_PARAMETER.has(operation)) return unsupported('SSM', operation);
  const body = jsonBody(req, operation);
  const name = requiredString(body.Name, operation, 'Name');
  return { operation, calls: [{ action: `ssm:${operation}`, resource: parameterArn(ctx.region, ctx.accountId, name) }] };
}
