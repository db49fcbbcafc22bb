/**
 * The partner token table's adapter (the KeyValueStore API through the AWS SDK, SigV4A-signed) against the local
 * KeyValueStore the local runtime serves: more keys than one ListKeys page and one UpdateKeys call take, and the
 * If-Match guard against a concurrent writer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WireResponse } from '../../../infra/local/aws/aws-errors.js';
import type { WireRequest } from '../../../infra/local/aws/iam-requests.js';
import { LocalKeyValueStores } from '../../../infra/local/aws/local-key-value-stores.js';
import { kvsClient, KvsPartnerAccessTable } from '../../../shared/adapters/cloudfront/kvs-partner-access-table.js';

const ARN = 'arn:aws:cloudfront::000000000000:key-value-store/3f6e2c1a-0000-4000-8000-000000000001';

describe('KvsPartnerAccessTable on the local KeyValueStore', () => {
  let stores: LocalKeyValueStores;
  let handle: (req: WireRequest) => Promise<WireResponse>;
  let server: Server;
  let table: KvsPartnerAccessTable;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        requests.push(`${req.method} ${url.pathname.endsWith('/keys') ? 'keys' : 'store'} ${req.headers.authorization?.split(' ')[0]}`);
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
        void handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body: Buffer.concat(chunks) }).then((r) => res.writeHead(r.status, r.headers).end(r.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpointUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    table = new KvsPartnerAccessTable(kvsClient({ endpointUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }), ARN);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    stores = new LocalKeyValueStores([ARN]);
    handle = stores.handle;
    requests.length = 0;
  });

  const entries = (n: number, value = (i: number) => `topic-${i % 7}`) => new Map(Array.from({ length: n }, (_, i) => [`key-${String(i).padStart(4, '0')}`, value(i)]));

  it('writes 120 keys in batches of 50, signed with SigV4A, then only what changed', async () => {
    expect(await table.replaceAll(entries(120))).toEqual({ puts: 120, deletes: 0 });
    expect(requests).toEqual(['GET store AWS4-ECDSA-P256-SHA256', 'GET keys AWS4-ECDSA-P256-SHA256', ...Array(3).fill('POST keys AWS4-ECDSA-P256-SHA256')]);
    expect(stores.get(ARN, 'key-0119')).toBe('topic-0');

    requests.length = 0;
    const next = entries(100, (i) => (i === 5 ? 'changed' : `topic-${i % 7}`));
    expect(await table.replaceAll(next)).toEqual({ puts: 1, deletes: 20 });
    // Three pages of keys (50 a page), one update of 21 changes.
    expect(requests.map((r) => r.split(' ').slice(0, 2).join(' '))).toEqual(['GET store', 'GET keys', 'GET keys', 'GET keys', 'POST keys']);
    expect(stores.get(ARN, 'key-0005')).toBe('changed');
    expect(stores.get(ARN, 'key-0100')).toBeUndefined();
  });

  it('fails rather than overwrite a store that changed since it was described', async () => {
    await table.replaceAll(entries(3));
    // Another writer updates the store between the describe and the update.
    handle = async (req) => {
      if (req.method === 'POST') await stores.handle({ ...req, body: Buffer.from(JSON.stringify({ Puts: [{ Key: 'other', Value: 'x' }] })) });
      return stores.handle(req);
    };
    await expect(table.replaceAll(entries(4))).rejects.toMatchObject({ name: 'ConflictException' });
    expect(stores.get(ARN, 'key-0003')).toBeUndefined();
  });
});
