import type { ArnContext, WireRequest } from '../iam-requests.js';
import { unsupported, UnmappableRequestError, type Described } from './wire.js';

// /key-value-stores/{KvsARN}, /key-value-stores/{KvsARN}/keys, /key-value-stores/{KvsARN}/keys/{Key}
const PATH = /^\/key-value-stores\/([^/]+)(\/keys(?:\/([^/]+))?)?\/?$/;

/** KeyValueStore API calls are authorized on the store's ARN (the path's first segment), with the operation's own action. */
export function describeCloudFrontKeyValueStore(req: WireRequest, _ctx: ArnContext): Described {
  const match = PATH.exec(req.path);
  if (!match) throw new UnmappableRequestError(`not a KeyValueStore API path: ${req.path}`);
  const resource = decodeURIComponent(match[1]!);
  const method = req.method.toUpperCase();
  const operation = !match[2]
    ? method === 'GET' ? 'DescribeKeyValueStore' : undefined
    : match[3] === undefined
      ? method === 'GET' ? 'ListKeys' : method === 'POST' ? 'UpdateKeys' : undefined
      : ({ GET: 'GetKey', PUT: 'PutKey', DELETE: 'DeleteKey' } as Record<string, string>)[method];
  if (!operation) return unsupported('CloudFront KeyValueStore', `${method} ${req.path}`);
  return { operation, calls: [{ action: `cloudfront-keyvaluestore:${operation}`, resource }] };
}
