/**
 * Maps an AWS SDK request, as it arrives on the wire at the local gateway, to the IAM actions and
 * resource ARNs AWS would authorize it against, and to the caller (the SigV4 access key id).
 */
import { describeCloudFormation } from './requests/cloudformation.js';
import { describeCloudFrontKeyValueStore } from './requests/cloudfront-keyvaluestore.js';
import { parseCredentialScope } from './requests/credential-scope.js';
import { describeDynamoDb } from './requests/dynamodb.js';
import { describeLambda } from './requests/lambda.js';
import { describeS3 } from './requests/s3.js';
import { describeScheduler } from './requests/scheduler.js';
import { describeSes } from './requests/ses.js';
import { describeSesV2 } from './requests/ses-v2.js';
import { describeSns } from './requests/sns.js';
import { describeSqs } from './requests/sqs.js';
import { describeSsm } from './requests/ssm.js';
import { UnmappableRequestError, type Described } from './requests/wire.js';

export { sesIdentityCandidates } from '../../../shared/domain/ses-identities.js';
export { SES_IDENTITY_CONTEXT_KEYS } from './requests/ses.js';
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
  /** IAM request context keys (e.g. ses:FromAddress, lambda:FunctionArn, dynamodb:LeadingKeys), plus a few local: hints for the gateway. */
  context?: Record<string, string | string[]>;
}

export interface AuthorizedRequest {
  /**
   * The API: the SigV4 signing name (dynamodb, sqs, s3, ses, ssm, lambda, sns, scheduler, cloudformation),
   * but `sesv2` for SES v2's REST API, which signs as "ses" too.
   */
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
  /** The partition key attribute of a table (by ARN) or of one of its indexes: what dynamodb:LeadingKeys reads. */
  partitionKey?(tableArn: string, index?: string): string | undefined;
}

const describers: Record<string, (req: WireRequest, ctx: ArnContext) => Described> = {
  dynamodb: describeDynamoDb,
  sqs: describeSqs,
  s3: describeS3,
  ses: (req, ctx) => (req.path.startsWith('/v2/') ? { service: 'sesv2', ...describeSesV2(req, ctx) } : describeSes(req, ctx)),
  ssm: describeSsm,
  lambda: describeLambda,
  sns: describeSns,
  scheduler: describeScheduler,
  cloudformation: describeCloudFormation,
  'cloudfront-keyvaluestore': describeCloudFrontKeyValueStore,
};

/** Throws UnmappableRequestError for an unsigned request or one this mapping does not cover. */
export function describeRequest(req: WireRequest, ctx: ArnContext): AuthorizedRequest {
  const { accessKeyId, service } = parseCredentialScope(req);
  const describe = describers[service];
  if (!describe) throw new UnmappableRequestError(`no IAM mapping for requests signed for service "${service}" (${req.method} ${req.path})`);
  const described = describe(req, ctx);
  return { service: described.service ?? service, operation: described.operation, principal: accessKeyId, calls: distinct(described.calls) };
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
