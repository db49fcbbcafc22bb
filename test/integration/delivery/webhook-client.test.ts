import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookClient } from '../../../shared/adapters/http/webhook-client.js';
import { SIGNATURE_HEADER, verifyWebhookSignature, webhookSignature } from '../../../shared/domain/delivery/webhook-signature.js';
import { DeliveryError } from '../../../shared/ports/errors.js';

const SECRET = 'whsec-0123456789abcdef';

describe('HttpWebhookClient against a loopback receiver', () => {
  let server: Server;
  let base: string;
  const received: { path: string; headers: IncomingMessage['headers']; body: string; verified: boolean }[] = [];
  const script: Record<string, (res: ServerResponse) => void> = {
    '/ok': (res) => res.writeHead(204).end(),
    '/gone': (res) => res.writeHead(410).end(),
    '/busy': (res) => res.writeHead(429, { 'retry-after': '30' }).end(),
    '/down': (res) => res.writeHead(503).end('maintenance'),
    '/bad': (res) => res.writeHead(400).end('bad payload'),
    '/redirect': (res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end(),
    '/huge': (res) => {
      res.writeHead(200);
      res.end(Buffer.alloc(2 * 1024 * 1024, 'x'));
    },
    '/slow': () => {
      /* never answers */
    },
  };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ path: req.url!, headers: req.headers, body, verified: verifyWebhookSignature(SECRET, req.headers[SIGNATURE_HEADER.toLowerCase()] as string, body, Date.now() / 1000) });
        (script[req.url!] ?? script['/ok']!)(res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  const client = new HttpWebhookClient({ allowLoopback: true, timeoutMs: 500 });
  const body = JSON.stringify({ type: 'newshound.alert', article: { title: 'Ü <b>' } });
  const post = (path: string, c = client) =>
    c.post({ url: `${base}${path}`, body, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: webhookSignature(SECRET, Date.now() / 1000, body) } });
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as DeliveryError);

  it('posts the signed body; the receiver verifies it', async () => {
    expect(await post('/ok')).toEqual({ httpStatus: 204 });
    const got = received.at(-1)!;
    expect(got.body).toBe(body);
    expect(got.verified).toBe(true);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['user-agent']).toMatch(/^newshound/);
  });

  it.each([
    ['/gone', { kind: 'disable-channel', reason: 'webhook endpoint answered 410 Gone' }],
    ['/busy', { kind: 'retry', delaySeconds: 30 }],
    ['/down', { kind: 'retry', delaySeconds: 0 }],
    ['/bad', { kind: 'park', reason: 'webhook answered 400' }],
    ['/redirect', { kind: 'park', reason: 'webhook answered 302: redirects are not followed' }],
    ['/slow', { kind: 'retry', delaySeconds: 0 }],
  ])('%s → %o', async (path, action) => {
    expect((await failure(post(path)))!.action).toEqual(action);
  });

  it('reads no more than a capped response', async () => {
    expect(await post('/huge')).toEqual({ httpStatus: 200 });
  });

  it('refuses loopback unless allowed, without connecting', async () => {
    const before = received.length;
    const strict = new HttpWebhookClient({ timeoutMs: 500 });
    const err = await failure(post('/ok', strict));
    expect(err!.action).toMatchObject({ kind: 'park', reason: expect.stringMatching(/refused: 127\.0\.0\.1 is a loopback address/) });
    expect(received.length).toBe(before);
  });

  it.each(['http://10.0.0.5/hook', 'http://169.254.169.254/latest', 'http://[::ffff:127.0.0.1]/x', 'file:///etc/passwd', 'http://user:pw@example.org/'])('refuses %s', async (url) => {
    const err = await failure(new HttpWebhookClient({ timeoutMs: 500 }).post({ url, body, headers: {} }));
    expect(err!.action.kind).toBe('park');
  });

  it('uses an injected guard and connects to the address it returns', async () => {
    const port = new URL(base).port;
    const guarded = new HttpWebhookClient({ guard: async () => ({ url: new URL(`http://partner.example:${port}/ok`), address: '127.0.0.1', family: 4 }) });
    expect(await guarded.post({ url: `http://partner.example:${port}/ok`, body, headers: {} })).toEqual({ httpStatus: 204 });
    expect(received.at(-1)!.headers.host).toBe(`partner.example:${port}`);
  });
});

describe('webhook signatures', () => {
  const now = 1_800_000_000;
  const sig = webhookSignature(SECRET, now, '{"a":1}');
  it.each([
    ['valid', SECRET, sig, '{"a":1}', now, true],
    ['valid within tolerance', SECRET, sig, '{"a":1}', now + 299, true],
    ['too old (replay)', SECRET, sig, '{"a":1}', now + 301, false],
    ['body changed', SECRET, sig, '{"a":2}', now, false],
    ['other secret', 'other', sig, '{"a":1}', now, false],
    ['missing', SECRET, undefined, '{"a":1}', now, false],
    ['garbage', SECRET, 't=x,v1=y', '{"a":1}', now, false],
    ['one of several v1 (key rotation)', SECRET, `${sig.split(',')[0]},v1=${'0'.repeat(64)},${sig.split(',')[1]}`, '{"a":1}', now, true],
  ])('%s', (_n, secret, header, body, at, ok) => {
    expect(verifyWebhookSignature(secret, header, body, at)).toBe(ok);
  });
});
