import { XMLParser } from 'fast-xml-parser';
import type { IamCall, WireRequest } from '../iam-requests.js';
import { header, isRecord, unsupported, UnmappableRequestError, type Described } from './wire.js';

/** Query parameters of plain object reads; anything else on an object (acl, tagging, versionId, uploadId...) is another operation. */
const isReadParam = (name: string) => name.startsWith('response-') || name === 'partNumber';
const LIST_PARAMS = new Set(['list-type', 'prefix', 'delimiter', 'encoding-type', 'max-keys', 'continuation-token', 'fetch-owner', 'start-after', 'marker']);

/** Path-style only (`/<bucket>/<key>`): the SDK uses it for an IP-address endpoint such as the gateway's. */
export function describeS3(req: WireRequest): Described {
  const { bucket, key } = splitPath(req.path);
  // The SDK names most operations in x-id; it is a hint, not part of the request's meaning.
  const params = [...new Set(req.query.keys())].filter((name) => name !== 'x-id');
  const method = req.method.toUpperCase();
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const objectCall = (action: string, objectKey = key): IamCall => ({ action: `s3:${action}`, resource: `${bucketArn}/${objectKey}` });
  const only = (allowed: (name: string) => boolean) => params.every(allowed);

  if (key !== '') {
    if (method === 'PUT' && params.length === 0) {
      if (header(req, 'x-amz-copy-source') !== undefined) return unsupported('S3', 'CopyObject');
      return { operation: 'PutObject', calls: [objectCall('PutObject')] };
    }
    if (method === 'GET' && only(isReadParam)) return { operation: 'GetObject', calls: [objectCall('GetObject')] };
    if (method === 'HEAD' && only(isReadParam)) return { operation: 'HeadObject', calls: [objectCall('GetObject')] };
    if (method === 'DELETE' && params.length === 0) return { operation: 'DeleteObject', calls: [objectCall('DeleteObject')] };
    return unsupported('S3', `${method} on an object with query ${JSON.stringify(params)}`);
  }
  if (method === 'GET' && only((name) => LIST_PARAMS.has(name))) {
    return { operation: req.query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects', calls: [{ action: 's3:ListBucket', resource: bucketArn }] };
  }
  if (method === 'HEAD' && params.length === 0) return { operation: 'HeadBucket', calls: [{ action: 's3:ListBucket', resource: bucketArn }] };
  if (method === 'PUT' && params.length === 0) return { operation: 'CreateBucket', calls: [{ action: 's3:CreateBucket', resource: bucketArn }] };
  if (method === 'POST' && params.length === 1 && params[0] === 'delete') {
    return { operation: 'DeleteObjects', calls: deletedKeys(req.body).map((deleted) => objectCall('DeleteObject', deleted)) };
  }
  return unsupported('S3', `${method} on a bucket with query ${JSON.stringify(params)}`);
}

function splitPath(path: string): { bucket: string; key: string } {
  const match = /^\/([^/]+)(?:\/(.*))?$/.exec(path);
  if (!match) throw new UnmappableRequestError(`S3: no bucket in path ${JSON.stringify(path)} (only path-style requests are mapped)`);
  try {
    return { bucket: decodeURIComponent(match[1]!), key: decodeURIComponent(match[2] ?? '') };
  } catch {
    throw new UnmappableRequestError(`S3: malformed percent-encoding in path ${JSON.stringify(path)}`);
  }
}

// Keys stay text exactly as written: no number parsing, no trimming; &#x0D; style references decoded.
const deleteParser = new XMLParser({ isArray: (name) => name === 'Object', parseTagValue: false, trimValues: false, htmlEntities: true });

function deletedKeys(body: Buffer): string[] {
  let parsed: unknown;
  try {
    parsed = deleteParser.parse(body.toString('utf8'));
  } catch {
    throw new UnmappableRequestError('DeleteObjects: the body is not XML');
  }
  const objects = isRecord(parsed) && isRecord(parsed.Delete) && Array.isArray(parsed.Delete.Object) ? parsed.Delete.Object : [];
  const keys = objects.map((object) => (isRecord(object) && typeof object.Key === 'string' ? object.Key : undefined));
  if (keys.length === 0 || keys.some((key) => key === undefined)) throw new UnmappableRequestError('DeleteObjects: no <Object><Key> in the body');
  return keys as string[];
}
