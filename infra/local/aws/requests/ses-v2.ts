import type { ArnContext, WireRequest } from '../iam-requests.js';
import { unsupported, UnmappableRequestError, type Described } from './wire.js';

const IDENTITY = /^\/v2\/email\/identities\/([^/]+)\/?$/;

/** SES v2's REST API (signed as "ses", like v1): the account's state and an identity's verification. */
export function describeSesV2(req: WireRequest, ctx: ArnContext): Described {
  const method = req.method.toUpperCase();
  const path = req.path.replace(/\/+$/, '');
  if (method === 'GET' && path === '/v2/email/account') return { operation: 'GetAccount', calls: [{ action: 'ses:GetAccount', resource: '*' }] };
  if (method === 'PUT' && path === '/v2/email/account/sending') return { operation: 'PutAccountSendingAttributes', calls: [{ action: 'ses:PutAccountSendingAttributes', resource: '*' }] };
  const identity = IDENTITY.exec(req.path);
  if (identity && method === 'GET') {
    return { operation: 'GetEmailIdentity', calls: [{ action: 'ses:GetEmailIdentity', resource: `arn:aws:ses:${ctx.region}:${ctx.accountId}:identity/${decode(identity[1]!)}` }] };
  }
  return unsupported('SES v2', `${method} ${req.path}`);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new UnmappableRequestError(`SES v2: malformed percent-encoding in ${JSON.stringify(segment)}`);
  }
}
