/**
 * Maps an AWS SDK request, as it arrives on the wire at the local gateway, to the IAM actions and
 * resource ARNs AWS would authorize it against, and to the caller (the SigV4 access key id).
 */
import { parseCredentialScope } from './requests/credential-scope.js';
import { describeDynamoDb } from './requests/dynamodb.js';
import { describeLambda } from './requests/lambda.js';
import { describeS3 } from './requests/s3.js';
import { describeSes } from './requests/ses.js';
import { describeSqs } from './requests/sqs.js';
import { describeSsm } from './requests/ssm.js';
import { UnmappableRequestError, type Described } from './requests/wire.js';

export { sesIdentityCandidates, SES_IDENTITY_CONTEXT_KEYS } from './requests/ses.js';
export { UnmappableRequestError } from './requests/wire.js';

export interface WireRequest {
  method: string;
  /** The path as sent: still percent-encoded, without the query string. */
  path: string;
  query: URLSearchParams;
  /** Header names as Node gives them (lower case); looked up case-insensitively anyway. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface IamCall {
  action: string;
  resource: string;
  /** IAM request context keys (e.g. ses:FromAddress, lambda:FunctionArn), plus a few local: hints for the gateway. */
  context?: Record<string, string>;
}

export interface AuthorizedRequest {
  /** The SigV4 signing name: dynamodb, sqs, s3, ses, ssm or lambda. */
  service: string;
  /** The API operation, e.g. GetItem, SendMessageBatch, HeadObject, SendRawEmail, Invoke. */
  operation: string;
  /** The access key id the request was signed with: the calling function's name. */
  principal: string;
  calls: IamCall[];
}

export interface ArnContext {
  region: string;
  accountId: string;
}

const describers: Record<string, (req: WireRequest, ctx: ArnContext) => Described> = {
  dynamodb: describeDynamoDb,
  sqs: describeSqs,
  s3: describeS3,
  ses: describeSes,
  ssm: describeSsm,
  lambda: describeLambda,
};

/** Throws UnmappableRequestError for an unsigned request or one this mapping does not cover. */
export function describeRequest(req: WireRequest, ctx: ArnContext): AuthorizedRequest {
  const { accessKeyId, service } = parseCredentialScope(req);
  const describe = describers[service];
  if (!describe) throw new UnmappableRequestError(`no IAM mapping for requests signed for service "${service}" (${req.method} ${req.path})`);
  const { operation, calls } = describe(req, ctx);
  return { service, operation, principal: accessKeyId, calls: distinct(calls) };
}

function distinct(calls: IamCall[]): IamCall[] {
  const seen = new Set<string>();
  return calls.filter((call) => {
    const key = JSON.stringify([call.action, call.resource, call.context]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
