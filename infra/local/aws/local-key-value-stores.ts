/**
 * CloudFront KeyValueStores on this machine: the stores the templates create, their keys, and the API publish-feeds
 * calls (REST-JSON, as the SDK sends it through the gateway): DescribeKeyValueStore, ListKeys, GetKey, PutKey,
 * DeleteKey, UpdateKeys, each change guarded by If-Match on the store's ETag as in AWS. The local CDN route reads
 * the keys for the CloudFront Functions associated with a store. Persisted to `file` when given.
 */
import { randomUUID } from 'node:crypto';
import type { WireResponse } from './aws-errors.js';
import type { WireRequest } from './iam-requests.js';
import { readJsonFile, writePrivateJsonFile } from './private-json-file.js';

interface Store {
  version: number;
  created: number;
  modified: number;
  items: Record<string, string>;
}

/** AWS's limits: a key of 512 bytes at most, a value of 1 KB. */
const MAX_KEY_BYTES = 512;
const MAX_VALUE_BYTES = 1024;
const PAGE = 50;

export class LocalKeyValueStores {
  private readonly stores = new Map<string, Store>();

  constructor(
    arns: readonly string[],
    private readonly file?: string,
  ) {
    const saved = (file ? readJsonFile(file) : undefined) as Record<string, Store> | undefined;
    const now = Date.now();
    for (const arn of arns) this.stores.set(arn, saved?.[arn] ?? { version: 1, created: now, modified: now, items: {} });
  }

  /** A key's value in a store (what a CloudFront Function's `kvs.get` reads). */
  get(arn: string, key: string): string | undefined {
    const items = this.stores.get(arn)?.items;
    return items && Object.hasOwn(items, key) ? items[key] : undefined;
  }

  /** The API, as the gateway forwards it once IAM allowed it. */
  readonly handle = async (req: WireRequest): Promise<WireResponse> => {
    const match = /^\/key-value-stores\/([^/]+)(\/keys(?:\/([^/]+))?)?\/?$/.exec(req.path);
    if (!match) return error('ValidationException', `no such path ${req.path}`, 400);
    const arn = decodeURIComponent(match[1]!);
    const store = this.stores.get(arn);
    if (!store) return error('ResourceNotFoundException', `no KeyValueStore ${arn}`, 404);
    const method = req.method.toUpperCase();
    const key = match[3] === undefined ? undefined : decodeURIComponent(match[3]);
    if (!match[2] && method === 'GET') {
      return json(200, { ItemCount: Object.keys(store.items).length, TotalSizeInBytes: size(store), KvsARN: arn, Created: store.created / 1000, LastModified: store.modified / 1000, Status: 'READY' }, etag(store));
    }
    if (match[2] && key === undefined && method === 'GET') {
      const keys = Object.keys(store.items).sort();
      const start = Number(req.query.get('NextToken') ?? 0);
      const max = Math.min(Number(req.query.get('MaxResults') ?? PAGE) || PAGE, PAGE);
      const page = keys.slice(start, start + max);
      return json(200, { Items: page.map((k) => ({ Key: k, Value: store.items[k] })), ...(start + max < keys.length ? { NextToken: String(start + max) } : {}) });
    }
    if (match[2] && key !== undefined && method === 'GET') {
      if (!Object.hasOwn(store.items, key)) return error('ResourceNotFoundException', `no key ${key}`, 404);
      return json(200, { Key: key, Value: store.items[key], ItemCount: Object.keys(store.items).length, TotalSizeInBytes: size(store) });
    }
    // Every change must name the store's current ETag.
    const ifMatch = req.headers['if-match'];
    if (ifMatch === undefined) return error('ValidationException', 'If-Match is required', 400);
    if (ifMatch !== etag(store)) return error('ConflictException', `the store changed (ETag ${etag(store)}, not ${ifMatch})`, 409);
    let puts: { Key: string; Value: string }[] = [];
    let deletes: { Key: string }[] = [];
    if (match[2] && key === undefined && method === 'POST') {
      const body = JSON.parse(req.body.toString('utf8') || '{}') as { Puts?: { Key: string; Value: string }[]; Deletes?: { Key: string }[] };
      puts = body.Puts ?? [];
      deletes = body.Deletes ?? [];
      if (puts.length + deletes.length > 50) return error('ValidationException', 'at most 50 puts and deletes together', 400);
    } else if (key !== undefined && method === 'PUT') {
      puts = [{ Key: key, Value: String((JSON.parse(req.body.toString('utf8') || '{}') as { Value?: unknown }).Value ?? '') }];
    } else if (key !== undefined && method === 'DELETE') {
      if (!Object.hasOwn(store.items, key)) return error('ResourceNotFoundException', `no key ${key}`, 404);
      deletes = [{ Key: key }];
    } else {
      return error('ValidationException', `${method} ${req.path} is no KeyValueStore operation`, 400);
    }
    for (const put of puts) {
      if (Buffer.byteLength(put.Key) > MAX_KEY_BYTES || Buffer.byteLength(put.Value) > MAX_VALUE_BYTES) return error('ValidationException', `key or value of ${put.Key.slice(0, 40)} too long`, 400);
    }
    for (const del of deletes) delete store.items[del.Key];
    for (const put of puts) store.items[put.Key] = put.Value;
    store.version++;
    store.modified = Date.now();
    this.save();
    return json(200, { ItemCount: Object.keys(store.items).length, TotalSizeInBytes: size(store) }, etag(store));
  };

  private save(): void {
    if (this.file) writePrivateJsonFile(this.file, Object.fromEntries(this.stores));
  }
}

const etag = (store: Store) => `ETVPDKIKX0DER${store.version}`;
const size = (store: Store) => Object.entries(store.items).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);

function json(status: number, body: unknown, etagValue?: string): WireResponse {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...(etagValue ? { etag: etagValue } : {}) }, body: JSON.stringify(body) };
}

function error(code: string, message: string, status: number): WireResponse {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': randomUUID() }, body: JSON.stringify({ Message: message }) };
}
