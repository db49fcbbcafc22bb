import type { WireRequest } from '../iam-requests.js';
import { header, UnmappableRequestError } from './wire.js';

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

// Authorization: AWS4-HMAC-SHA256 Credential=<akid>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders=..., Signature=...
const CREDENTIAL = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,/;
// SigV4A (the CloudFront KeyValueStore API): no region in the scope; the regions signed for are X-Amz-Region-Set.
const CREDENTIAL_V4A = /^AWS4-ECDSA-P256-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/aws4_request\s*,/;

export function parseCredentialScope(req: WireRequest): CredentialScope {
  const authorization = header(req, 'authorization');
  if (!authorization) throw new UnmappableRequestError(`unsigned request (no Authorization header): ${req.method} ${req.path}`);
  const v4a = CREDENTIAL_V4A.exec(authorization);
  if (v4a) {
    const [, accessKeyId, date, service] = v4a as unknown as [string, string, string, string];
    return { accessKeyId, date, region: header(req, 'x-amz-region-set') ?? '*', service };
  }
  const match = CREDENTIAL.exec(authorization);
  if (!match) throw new UnmappableRequestError(`not a SigV4 Authorization header: ${JSON.stringify(authorization.slice(0, 80))}`);
  const [, accessKeyId, date, region, service] = match as unknown as [string, string, string, string, string];
  return { accessKeyId, date, region, service };
}
