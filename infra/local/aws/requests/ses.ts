import addressparser from 'nodemailer/lib/addressparser';
import { sesIdentityCandidates } from '../../../../shared/domain/ses-identities.js';
import type { ArnContext, IamCall, WireRequest } from '../iam-requests.js';
import { formParams, unsupported, UnmappableRequestError, type Described } from './wire.js';

/**
 * Context keys on a send's identity call naming both identities SES could authorize it against: the
 * address and its domain. The call's resource is the address identity; the gateway, which knows which
 * identities are verified, may re-check against another of sesIdentityCandidates(ses:FromAddress).
 */
export const SES_IDENTITY_CONTEXT_KEYS = { address: 'local:AddressIdentityArn', domain: 'local:DomainIdentityArn' } as const;

/** SES v1 speaks the query protocol and signs as "ses" (the same signing name as SES v2). */
export function describeSes(req: WireRequest, ctx: ArnContext): Described {
  const params = formParams(req);
  const operation = params.get('Action');
  const arn = (resource: string) => `arn:aws:ses:${ctx.region}:${ctx.accountId}:${resource}`;

  if (operation === 'GetSendQuota' || operation === 'GetAccountSendingEnabled') return { operation, calls: [{ action: `ses:${operation}`, resource: '*' }] };
  if (!operation) throw new UnmappableRequestError(`SES request without an Action: ${req.method} ${req.path}`);
  if (operation !== 'SendEmail' && operation !== 'SendRawEmail') return unsupported('SES', operation);

  const rawHeaders = operation === 'SendRawEmail' ? rawMessageHeaders(params.get('RawMessage.Data')) : new Map<string, string>();
  const source = params.get('Source') || rawHeaders.get('from');
  if (!source) throw new UnmappableRequestError(`${operation}: no Source and no From header`);
  const address = fromAddress(source, operation);
  const [, domain = address] = sesIdentityCandidates(address);
  const action = `ses:${operation}`;
  const calls: IamCall[] = [
    {
      action,
      resource: arn(`identity/${address}`),
      context: {
        'ses:FromAddress': address,
        [SES_IDENTITY_CONTEXT_KEYS.address]: arn(`identity/${address}`),
        [SES_IDENTITY_CONTEXT_KEYS.domain]: arn(`identity/${domain}`),
      },
    },
  ];
  // SES also honours the configuration set named in a raw message's X-SES-CONFIGURATION-SET header.
  const configurationSet = params.get('ConfigurationSetName') || rawHeaders.get('x-ses-configuration-set');
  if (configurationSet) calls.push({ action, resource: arn(`configuration-set/${configurationSet}`), context: { 'ses:FromAddress': address } });
  return { operation, calls };
}

function fromAddress(value: string, operation: string): string {
  const address = addressparser(value, { flatten: true })[0]?.address;
  if (!address?.includes('@')) throw new UnmappableRequestError(`${operation}: no sender address in ${JSON.stringify(value)}`);
  return address;
}

/** The top-level headers of a base64 raw MIME message, by lower-case name (unfolded; first occurrence wins). */
function rawMessageHeaders(base64: string | null): Map<string, string> {
  if (!base64) throw new UnmappableRequestError('SendRawEmail: missing RawMessage.Data');
  const message = Buffer.from(base64, 'base64').toString('utf8');
  const end = message.search(/\r?\n\r?\n/);
  const unfolded = (end === -1 ? message : message.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}
