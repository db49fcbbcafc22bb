/**
 * The local runtime's CloudFront stand-in: /feeds/* served from the feeds bucket in S3 (fauxqs), as publish-feeds
 * wrote it there with the real S3FeedPublisher; partner paths through the token check's own code over the token
 * table publish-feeds keeps.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalContext } from '../../../infra/local/context.js';
import { edgeRequest, loadEdgeFunction } from '../../../infra/local/edge-function.js';
import { memoryPartnerAccess } from '../../../shared/adapters/memory/memory-partner-access.js';
import { feedsRoute } from '../../../infra/local/routes/feeds-route.js';
import { S3FeedPublisher } from '../../../shared/adapters/s3/s3-feed-publisher.js';
import { publishTopicFeeds } from '../../../shared/usecases/publish-feeds.js';
import { anArticle } from '../../support/factories.js';
import { startTestS3 } from '../../support/fauxqs.js';
import { MemoryArticleStore, MemoryMatchStore } from '../../support/memory-stores.js';
import { feedTopic, goldenArticles, goldenMatches, goldenTopics } from '../../unit/syndication/fixtures.js';

const TOKEN = 'cm91dGUtdGVzdC10b2tlbi1mb3ItYWNtZS0xMjM0NTY3';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request: the path goes out exactly as written (no client-side normalisation of ../ or %2e). */
function request(port: number, rawPath: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('feeds route: the CloudFront stand-in over the feeds bucket', () => {
  let s3: Awaited<ReturnType<typeof startTestS3>>;
  let server: http.Server;
  let port: number;
  let articles: MemoryArticleStore;
  let matches: MemoryMatchStore;
  let access = memoryPartnerAccess();
  const check = loadEdgeFunction(readFileSync(new URL('../../../infra/edge/partner-feed-access.js', import.meta.url), 'utf8'), (key) => access.table.entries.get(key));
  const cloud = {
    feedsBucket: '',
    clients: { s3: undefined as unknown },
    viewerRequest: async (uri: string) => (uri.startsWith('/feeds/private/') ? check(edgeRequest(uri)) : undefined),
  };
  const ctx = { cloud } as unknown as LocalContext;

  const acme = (revoked = false) => ({ id: 'acme', token: TOKEN, topics: ['csto'], ...(revoked ? { revoked: true } : {}) });
  const publish = (partners = [acme()]) =>
    publishTopicFeeds(
      {
        articles,
        matches,
        publisher: new S3FeedPublisher(s3.client, { bucket: cloud.feedsBucket, publicBaseUrl: `http://127.0.0.1:${port}` }),
        partnerAccess: access,
        config: { baseUrl: `http://127.0.0.1:${port}`, itemsPerFeed: 10, topics: goldenTopics.map(feedTopic), partners },
      },
      { topicIds: ['csto'] },
    );

  beforeAll(async () => {
    s3 = await startTestS3();
    cloud.clients.s3 = s3.client;
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      feedsRoute(req, res, url, ctx).then(
        (handled) => {
          if (!handled) res.writeHead(418).end('not a feeds path');
        },
        (error: Error) => res.writeHead(500).end(error.message),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await s3?.close();
  });
  beforeEach(async () => {
    cloud.feedsBucket = await s3.freshBucket();
    access = memoryPartnerAccess();
    articles = new MemoryArticleStore();
    matches = new MemoryMatchStore();
    for (const a of goldenArticles) await articles.putIfAbsent(a);
    for (const m of goldenMatches) await matches.putPending(m);
    await publish();
  });

  it.each([
    ['/feeds/csto.xml', 'application/rss+xml; charset=utf-8'],
    ['/feeds/csto.atom', 'application/atom+xml; charset=utf-8'],
    ['/feeds/all.json', 'application/feed+json; charset=utf-8'],
    ['/feeds/index.html', 'text/html; charset=utf-8'],
    ['/feeds/', 'text/html; charset=utf-8'],
    ['/feeds/topics.opml', 'text/x-opml; charset=utf-8'],
  ])('serves %s as %s with S3\'s strong ETag, Last-Modified, Cache-Control and the CDN\'s security headers', async (p, type) => {
    const reply = await request(port, p);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(type);
    expect(reply.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(new Date(reply.headers['last-modified']!).getTime()).not.toBeNaN();
    expect(reply.headers['cache-control']).toBe('public, max-age=300');
    expect(reply.headers).toMatchObject({ 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' });
    expect(Number(reply.headers['content-length'])).toBe(Buffer.byteLength(reply.body));
  });

  it('answers 304 to If-None-Match on an unchanged feed, also after a rebuild that changed nothing', async () => {
    const first = await request(port, '/feeds/csto.xml');
    const etag = first.headers.etag!;
    expect((await request(port, '/feeds/csto.xml', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await publish()).written).toEqual([]);
    const again = await request(port, '/feeds/csto.xml', { headers: { 'if-none-match': `"other", W/${etag}` } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['last-modified']).toBe(first.headers['last-modified']);
  });

  it('answers 200 with a new ETag once the feed changed', async () => {
    const etag = (await request(port, '/feeds/csto.xml')).headers.etag!;
    await articles.putIfAbsent(anArticle({ id: 'fresh', title: 'Fresh CSTO news' }));
    await matches.putPending({ articleId: 'fresh', topicId: 'csto', matchedAt: '2026-11-21T00:00:00.000Z', terms: [{ term: 'CSTO', field: 'title', snippet: 'CSTO' }] });
    await publish();
    const reply = await request(port, '/feeds/csto.xml', { headers: { 'if-none-match': etag } });
    expect(reply.status).toBe(200);
    expect(reply.headers.etag).not.toBe(etag);
    expect(reply.body).toContain('Fresh CSTO news');
  });

  it('honours If-Modified-Since when there is no If-None-Match', async () => {
    const lastModified = (await request(port, '/feeds/csto.atom')).headers['last-modified']!;
    expect((await request(port, '/feeds/csto.atom', { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
    expect((await request(port, '/feeds/csto.atom', { headers: { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' } })).status).toBe(200);
    expect((await request(port, '/feeds/csto.atom', { headers: { 'if-modified-since': 'garbage' } })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since.
    expect((await request(port, '/feeds/csto.atom', { headers: { 'if-none-match': '"nope"', 'if-modified-since': lastModified } })).status).toBe(200);
  });

  it('HEAD gives the headers without a body; other methods get 405', async () => {
    const head = await request(port, '/feeds/csto.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    const post = await request(port, '/feeds/csto.json', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('redirects /feeds to /feeds/ and leaves other paths to other routes', async () => {
    const reply = await request(port, '/feeds');
    expect(reply.status).toBe(301);
    expect(reply.headers.location).toBe('/feeds/');
    expect((await request(port, '/feedsx/csto.xml')).status).toBe(418);
  });

  it.each(['/feeds/unknown.xml', '/feeds/csto.txt', '/feeds/private/', '/feeds/private'])('404s %s', async (p) => {
    expect((await request(port, p)).status).toBe(404);
  });

  describe('paths that would leave feeds/', () => {
    beforeEach(async () => {
      // An object beside feeds/ in the same bucket: never served.
      await s3.client.send(new PutObjectCommand({ Bucket: cloud.feedsBucket, Key: 'secret.xml', Body: 'secret' }));
    });

    it.each([
      '/feeds/..%2fsecret.xml',
      '/feeds/%2e%2e/secret.xml',
      '/feeds/..%2f..%2fetc%2fpasswd',
      '/feeds/..%5c..%5cescape.xml',
      '/feeds/.csto.xml.tmp',
      '/feeds/%00.xml',
      '/feeds/%E0%A4%A.xml',
      '/feeds//secret.xml',
    ])('refuses %s', async (p) => {
      const reply = await request(port, p);
      expect([400, 404, 418]).toContain(reply.status);
      expect(reply.body).not.toContain('secret');
      expect(reply.body).not.toContain('root:');
    });
  });

  describe('private partner feeds', () => {
    const feedPath = `/feeds/private/${TOKEN}/csto.xml`;

    it('are the shared public objects, cacheable like them, behind the token check', async () => {
      const [shared, reply] = [await request(port, '/feeds/csto.xml'), await request(port, feedPath)];
      expect(reply.status).toBe(200);
      expect(reply.headers.etag).toBe(shared.headers.etag);
      expect(reply.body).toBe(shared.body);
      expect(reply.headers['cache-control']).toBe('public, max-age=300');
      expect((await request(port, `/feeds/private/${TOKEN}/all.json`)).body).toBe((await request(port, '/feeds/all.json')).body);
    });

    it('keep the partner\'s own index page, listing its token URLs, out of every cache', async () => {
      const reply = await request(port, `/feeds/private/${TOKEN}/`);
      expect(reply.status).toBe(200);
      expect(reply.headers['cache-control']).toBe('private, no-store');
      expect(reply.body).toContain(feedPath);
    });

    it.each([`/feeds/private/${TOKEN}/nagorno-karabakh.xml`, `/feeds/private/${'x'.repeat(43)}/csto.xml`, `/feeds/private/${TOKEN}/..%2fcsto.xml`])('404 %s, out of scope or unknown, alike', async (p) => {
      const reply = await request(port, p);
      expect(reply.status).toBe(404);
      expect(reply.body).toBe('Not found\n');
    });

    it('are refused once the partner is revoked, and its index page goes', async () => {
      const result = await publish([acme(true)]);
      expect(result.deleted).toEqual([`feeds/private/${TOKEN}/index.html`, `feeds/private/${TOKEN}/topics.opml`]);
      expect(result.partnerAccess).toEqual({ changed: true, puts: 0, deletes: 1 });
      expect((await request(port, feedPath)).status).toBe(404);
      expect((await request(port, `/feeds/private/${TOKEN}/`)).status).toBe(404);
      expect((await request(port, '/feeds/csto.xml')).status).toBe(200);
    });
  });
});
