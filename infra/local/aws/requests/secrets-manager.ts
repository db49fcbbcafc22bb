import type { ArnContext, WireRequest } from '../iam-requests.js';
import { jsonBody, requiredString, targetOperation, unsupported, type Described } from './wire.js';

const ON_SECRET_ID = new Set(['GetSecretValue', 'DescribeSecret', 'PutSecretValue']);

export function describeSecretsManager(req: WireRequest, ctx: ArnContext): Described {
  const operation = targetOperation(req, 'secretsmanager.');
  const body = jsonBody(req, operation);
  const call = (resource: string) => ({ operation, calls: [{ action: `secretsmanager:${operation}`, resource }] });

  if (ON_SECRET_ID.has(operation)) return call(secretArn(requiredString(body.SecretId, operation, 'SecretId'), ctx));
  if (operation === 'CreateSecret') return call(secretArn(requiredString(body.Name, operation, 'Name'), ctx));
  if (operation === 'ListSecrets') return call('*');
  return unsupported('Secrets Manager', operation);
}

/**
 * A secret's ARN ends in a random six-character suffix. For a name nobody knows, "-??????" stands in
 * for it: policies written for the real ARN (name-*, name-??????) still match, other names do not.
 */
function secretArn(idOrName: string, ctx: ArnContext): string {
  const known = ctx.secretArn(idOrName);
  if (known) return known;
  if (idOrName.startsWith('arn:')) return idOrName;
  return `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${idOrName}-??????`;
}
