/**
 * The guarded fetcher against loopback servers (port 0, so parallel runs never collide).
 * Loopback is allowed explicitly, as in the local runtime; everything else private stays refused.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER_AGENT, GuardedHttpFetcher } from '../../../shared/adapters/http/guarded-fetcher.js';
import type { Resolver } from '../../../shared/adapters/http/ssrf-guard.js';
import { decodeFeedBytes } from '../../../shared/domain/feed/decode.js';
import { parseFeed } from '../../../shared/domain/feed/parse-feed.js';
import { rssFeed } from '../../support/feed-builder.js';

const FEED = rssFeed({ declaration: true, title: 'Loopback', items: [{ title: 'CSTO summit', link: 'https://news.example/a' }] });
const ETAG = '"v1"';
const LAST_MODIFIED = 'Sat, 01 Jun 2024 12:00:00 GMT';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
const requests: { path: string; headers: IncomingMessage['headers'] }[] = [];
let server: Server;
let base: string;
let port: number;
let bigBodyBytesWritten = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  routes.set('/feed', (req, res) => {
    if (req.headers['if-none-match'] === ETAG || req.headers['if-modified-since'] === LAST_MODIFIED) {
      res.writeHead(304, { etag: ETAG }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: ETAG, 'last-modified': LAST_MODIFIED, 'cache-control': 'max-age=600' }).end(FEED);
  });
  routes.set('/busy', (_req, res) => res.writeHead(503, { 'retry-after': '3600' }).end('busy'));
  routes.set('/throttled', (_req, res) => res.writeHead(429, { 'retry-after': 'Sat, 01 Jun 2024 13:00:00 GMT' }).end());
  routes.set('/gone', (_req, res) => res.writeHead(410).end());
  routes.set('/moved-301', (_req, res) => res.writeHead(301, { location: '/feed' }).end());
  routes.set('/moved-308', (_req, res) => res.writeHead(308, { location: `${base}/feed` }).end());
  routes.set('/temp-302', (_req, res) => res.writeHead(302, { location: '/feed' }).end());
  routes.set('/301-then-302', (_req, res) => res.writeHead(301, { location: '/temp-302' }).end());
  routes.set('/moved-to-gone', (_req, res) => res.writeHead(301, { location: '/gone' }).end());
  for (let i = 0; i < 7; i++) routes.set(`/loop-${i}`, (_req, res) => res.writeHead(302, { location: `/loop-${i + 1}` }).end());
  routes.set('/loop-7', (_req, res) => res.writeHead(200).end(FEED));
  for (const [name, target] of Object.entries({
    'rfc1918': 'http://10.0.0.1/feed',
    'metadata': 'http://169.254.169.254/latest/meta-data/',
    'cgnat': 'http://100.64.0.1/',
    'ipv6-ula': 'http://[fd00::1]/',
    'mapped': 'http://[::ffff:192.168.0.1]/',
    'decimal': 'http://167772161/',
    'scheme': 'file:///etc/passwd',
    'rebind-host': `http://rebind.test:${port}/feed`,
  })) {
    routes.set(`/to-${name}`, (_req, res) => res.writeHead(302, { location: target }).end());
  }
  routes.set('/huge', (_req, res) => {
    // 150 MB, streamed in 64 KB chunks, stopping as soon as the client goes away.
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const total = 150 * 1024 * 1024;
    const pump = () => {
      while (bigBodyBytesWritten < total && !res.destroyed) {
        bigBodyBytesWritten += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
  routes.set('/huge-declared', (_req, res) => {
    res.writeHead(200, { 'content-length': String(150 * 1024 * 1024) });
    res.write('<rss>');
  });
  routes.set('/slow', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('<')), 500);
    res.on('close', () => clearInterval(timer));
  });
  routes.set('/gzip', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(FEED)));
  routes.set('/deflate', (_req, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(FEED)));
  routes.set('/br', (_req, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(FEED)));
  routes.set('/gzip-gzip', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip, gzip' }).end(gzipSync(gzipSync(FEED))));
  routes.set('/gzip-br', (_req, res) => res.writeHead(200, { 'content-encoding': 'identity, gzip, br' }).end(brotliCompressSync(gzipSync(FEED))));
  routes.set('/four-layers', (_req, res) =>
    res.writeHead(200, { 'content-encoding': 'gzip, gzip, gzip, gzip' }).end(gzipSync(gzipSync(gzipSync(gzipSync(FEED))))),
  );
  routes.set('/double-gzip-bomb', (_req, res) =>
    res.writeHead(200, { 'content-encoding': 'gzip, gzip' }).end(gzipSync(gzipSync(Buffer.alloc(50 * 1024 * 1024)))),
  );
  routes.set('/gzip-bomb', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(50 * 1024 * 1024))));
  routes.set('/wrong-charset', (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
      .end(iconv.encode('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Новости ОДКБ</title></channel></rss>', 'windows-1251')),
  );
  routes.set('/latin1-labelled-ascii', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/xml; charset=us-ascii' }).end(iconv.encode('<rss version="2.0"><channel><title>Karabakh — Карабах</title></channel></rss>', 'utf-8')),
  );
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const fetcher = (options: ConstructorParameters<typeof GuardedHttpFetcher>[0] = {}) => new GuardedHttpFetcher({ allowLoopback: true, timeoutMs: 5000, ...options });
const lastRequestTo = (path: string) => requests.filter((r) => r.path === path).at(-1);

describe('conditional GET', () => {
  it('returns the body with validators, then 304 when they still hold', async () => {
    const first = await fetcher().fetch({ url: `${base}/feed` });
    expect(first).toMatchObject({ status: 'ok', httpStatus: 200, finalUrl: `${base}/feed` });
    if (first.status !== 'ok') throw new Error('unreachable');
    expect(Buffer.from(first.body).toString()).toBe(FEED);
    expect(first.headers).toMatchObject({ etag: ETAG, 'last-modified': LAST_MODIFIED, 'cache-control': 'max-age=600' });

    const second = await fetcher().fetch({ url: `${base}/feed`, etag: first.headers.etag, lastModified: first.headers['last-modified'] });
    expect(second).toMatchObject({ status: 'not-modified', httpStatus: 304 });
    expect(lastRequestTo('/feed')?.headers).toMatchObject({ 'if-none-match': ETAG, 'if-modified-since': LAST_MODIFIED });
  });

  it('answers 304 on Last-Modified alone', async () => {
    expect(await fetcher().fetch({ url: `${base}/feed`, lastModified: LAST_MODIFIED })).toMatchObject({ status: 'not-modified' });
  });

  it('names newshound and a contact URL, and asks for compressed feeds', async () => {
    await fetcher().fetch({ url: `${base}/feed` });
    const headers = lastRequestTo('/feed')!.headers;
    expect(headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(headers['user-agent']).toMatch(/newshound.*https?:\/\//);
    expect(headers['accept-encoding']).toMatch(/gzip/);
    expect(headers.accept).toMatch(/application\/rss\+xml/);
  });
});

describe('status codes', () => {
  it.each([
    ['/busy', 503, '3600'],
    ['/throttled', 429, 'Sat, 01 Jun 2024 13:00:00 GMT'],
  ])('%s is an error carrying Retry-After', async (path, httpStatus, retryAfter) => {
    expect(await fetcher().fetch({ url: `${base}${path}` })).toMatchObject({ status: 'error', kind: 'http', httpStatus, headers: { 'retry-after': retryAfter } });
  });

  it('410 is gone', async () => {
    expect(await fetcher().fetch({ url: `${base}/gone` })).toMatchObject({ status: 'gone', httpStatus: 410 });
  });

  it.each(['/moved-301', '/moved-308'])('%s reports the permanent new URL', async (path) => {
    expect(await fetcher().fetch({ url: `${base}${path}` })).toMatchObject({ status: 'ok', finalUrl: `${base}/feed`, permanentUrl: `${base}/feed` });
  });

  it('a temporary redirect does not move the feed; a permanent one before it does', async () => {
    const temp = await fetcher().fetch({ url: `${base}/temp-302` });
    expect(temp).toMatchObject({ status: 'ok', finalUrl: `${base}/feed` });
    expect(temp).not.toHaveProperty('permanentUrl');
    expect(await fetcher().fetch({ url: `${base}/301-then-302` })).toMatchObject({ status: 'ok', finalUrl: `${base}/feed`, permanentUrl: `${base}/temp-302` });
  });

  it('a 301 to a 410 reports both', async () => {
    expect(await fetcher().fetch({ url: `${base}/moved-to-gone` })).toMatchObject({ status: 'gone', permanentUrl: `${base}/gone` });
  });

  it('follows at most 5 redirects', async () => {
    expect(await fetcher().fetch({ url: `${base}/loop-2` })).toMatchObject({ status: 'ok' });
    expect(await fetcher().fetch({ url: `${base}/loop-0` })).toMatchObject({ status: 'error', kind: 'redirects' });
  });
});

describe('SSRF guard on every hop', () => {
  it('refuses loopback unless the runtime allows it', async () => {
    expect(await new GuardedHttpFetcher().fetch({ url: `${base}/feed` })).toMatchObject({ status: 'error', kind: 'blocked' });
  });

  it.each(['rfc1918', 'metadata', 'cgnat', 'ipv6-ula', 'mapped', 'decimal', 'scheme'])('refuses a redirect to %s', async (name) => {
    const before = requests.length;
    const result = await fetcher().fetch({ url: `${base}/to-${name}` });
    expect(result).toMatchObject({ status: 'error', kind: 'blocked' });
    expect(requests.length).toBe(before + 1);
  });

  it('connects to the address it checked (a second DNS answer cannot rebind it)', async () => {
    const answers = ['127.0.0.1', '10.0.0.5'];
    const calls: string[] = [];
    const resolve: Resolver = async (host) => {
      calls.push(host);
      return [{ address: answers[Math.min(calls.length - 1, answers.length - 1)]!, family: 4 }];
    };
    const result = await fetcher({ resolve }).fetch({ url: `http://rebind.test:${port}/feed` });
    expect(result).toMatchObject({ status: 'ok' });
    expect(calls).toEqual(['rebind.test']);
    expect(lastRequestTo('/feed')!.headers.host).toBe(`rebind.test:${port}`);
  });

  it('re-checks a redirect back to a host whose DNS now answers privately', async () => {
    let call = 0;
    const resolve: Resolver = async () => [{ address: call++ === 0 ? '127.0.0.1' : '10.0.0.5', family: 4 }];
    const result = await fetcher({ resolve }).fetch({ url: `http://rebind.test:${port}/to-rebind-host` });
    expect(result).toMatchObject({ status: 'error', kind: 'blocked' });
    expect(call).toBe(2);
  });
});

describe('caps', () => {
  it('cuts a 150 MB body at the cap while streaming, without reading it all', async () => {
    bigBodyBytesWritten = 0;
    const result = await fetcher().fetch({ url: `${base}/huge` });
    expect(result).toMatchObject({ status: 'error', kind: 'too-large' });
    // The server stops once the client hangs up: far less than 150 MB went out.
    await new Promise((resolve) => setImmediate(resolve));
    expect(bigBodyBytesWritten).toBeLessThan(40 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    expect(await fetcher().fetch({ url: `${base}/huge-declared` })).toMatchObject({ status: 'error', kind: 'too-large' });
  });

  it('has one deadline for the whole fetch (a byte every 500 ms never finishes)', async () => {
    expect(await fetcher({ timeoutMs: 300 }).fetch({ url: `${base}/slow` })).toMatchObject({ status: 'error', kind: 'timeout' });
  });

  it('applies the cap after decompression too (gzip bomb)', async () => {
    expect(await fetcher().fetch({ url: `${base}/gzip-bomb` })).toMatchObject({ status: 'error', kind: 'too-large' });
  });

  it('applies the cap to layered codings (gzip, gzip bomb)', async () => {
    expect(await fetcher().fetch({ url: `${base}/double-gzip-bomb` })).toMatchObject({ status: 'error', kind: 'too-large' });
  });

  it('refuses more layers of coding than it decodes, saying how many', async () => {
    const result = await fetcher().fetch({ url: `${base}/four-layers` });
    expect(result).toMatchObject({ status: 'error', kind: 'http' });
    expect(result.status === 'error' && result.reason).toMatch(/4 layers; at most 3/);
  });
});

describe('content', () => {
  it.each(['/gzip', '/deflate', '/br', '/gzip-gzip', '/gzip-br'])('decodes %s', async (path) => {
    const result = await fetcher().fetch({ url: `${base}${path}` });
    if (result.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
    expect(Buffer.from(result.body).toString()).toBe(FEED);
  });

  it('reads a feed whose HTTP charset is wrong (utf-8 header, windows-1251 bytes)', async () => {
    const result = await fetcher().fetch({ url: `${base}/wrong-charset` });
    if (result.status !== 'ok') throw new Error('expected ok');
    const decoded = decodeFeedBytes(result.body, result.headers['content-type']);
    const parsed = await parseFeed(decoded.text, { feedUrl: result.finalUrl, contentType: result.headers['content-type'] });
    expect(parsed.feed.title).toBe('Новости ОДКБ');
  });

  it('reads UTF-8 served as us-ascii without U+FFFD', async () => {
    const result = await fetcher().fetch({ url: `${base}/latin1-labelled-ascii` });
    if (result.status !== 'ok') throw new Error('expected ok');
    const parsed = await parseFeed(decodeFeedBytes(result.body, result.headers['content-type']).text, { feedUrl: result.finalUrl });
    expect(parsed.feed.title).toBe('Karabakh — Карабах');
  });
});
