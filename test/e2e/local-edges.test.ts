/**
 * The edges of the local runtime. Every server it starts on loopback (the app server, the SES inbox, the Telegram
 * stand-in, the AWS gateway, the Secrets Manager stand-in, dynalite) survives any request line and Host header, and
 * answers only to its own loopback names, so a DNS-rebinding page cannot read the inbox's links: a list of known
 * hostile requests and a fuzzed set of request lines and Host headers (test/support/hostile-requests.ts) check both.
 * The local HTTP API throttles each route on its own, as the stage's route settings say.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackHosts } from '../../infra/local/loopback-guard.js';
import { hostileRequest } from '../support/hostile-requests.js';
import { rawRequest, statusOf } from '../support/raw-http.js';
import { startTestSystem, testStage, type TestSystem } from './support/local-system.js';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ config: testStage({ feeds: [] }) });
});
afterAll(async () => {
  await system?.stop();
});

const portOf = (url: string) => Number(new URL(url).port);

/** Each server, with a request it answers in the normal way. */
const servers = () => [
  { name: 'app server', port: portOf(system.url), probe: 'GET /status.json' },
  { name: 'SES inbox', port: portOf(system.context.urls.ses), probe: 'GET /store' },
  { name: 'Telegram stand-in', port: portOf(system.context.urls.telegram), probe: 'GET /' },
  { name: 'AWS gateway', port: portOf(system.cloud.urls.gateway), probe: 'GET /' },
  { name: 'Parameter Store stand-in', port: portOf(system.cloud.urls.ssm), probe: 'POST /' },
  ...(system.cloud.engine === 'dynalite' ? [{ name: 'dynalite', port: portOf(system.cloud.urls.dynamodb), probe: 'POST /' }] : []),
];

const hostile = (port: number): [string, string | Buffer][] => [
  ['a target that is no URL (//[)', `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`],
  ['a Host that is no host ([)', 'GET / HTTP/1.1\r\nHost: [\r\n\r\n'],
  ['no Host at all', 'GET / HTTP/1.1\r\n\r\n'],
  ['an HTTP/1.0 request without Host', 'GET / HTTP/1.0\r\n\r\n'],
  ['a request line that is not one', 'THIS IS NOT HTTP\r\n\r\n'],
  ['an unknown HTTP version', `GET / HTTP/9.9\r\nHost: 127.0.0.1:${port}\r\n\r\n`],
  ['bad percent-encoding', `GET /feeds/%E0%A4%A.xml?q=%zz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`],
  ['a NUL in the target', Buffer.from(`GET /a\0b HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 'latin1')],
  ['a NUL in a header', Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-A: a\0b\r\n\r\n`, 'latin1')],
  ['a huge header', `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`],
  ['many headers', `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${Array.from({ length: 3000 }, (_, i) => `X-${i}: y\r\n`).join('')}\r\n`],
  ['an absolute-form target elsewhere', `GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`],
  ['an absolute-form target of another scheme', `GET ftp://127.0.0.1:${port}/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`],
  ['an asterisk-form target', `OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`],
  ['a CONNECT', `CONNECT 127.0.0.1:${port} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`],
  ['a body longer than announced', `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 2\r\n\r\nabcdef`],
  ['a chunked body that is not', `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`],
  ['a request cut short', `GET /status.json HTTP/1.1\r\nHost: 127.0`],
  ['binary noise', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256))],
];

describe('local servers under hostile requests', () => {
  it('keep answering whatever the request line and headers', { timeout: 180_000 }, async () => {
    for (const server of servers()) {
      for (const [what, request] of hostile(server.port)) {
        const reply = await rawRequest(server.port, request);
        const status = statusOf(reply);
        if (status !== undefined) expect(status, `${server.name}: ${what}`).not.toBe(500);
        const normal = await rawRequest(server.port, `${server.probe} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        expect(statusOf(normal), `${server.name} after ${what}`).toBeDefined();
      }
    }
  });

  it('keep answering a fuzzed set of request lines and Host headers, and never serve a Host not their own', { timeout: 300_000 }, async () => {
    for (const server of servers()) {
      const ours = loopbackHosts(server.port);
      for (const sample of fc.sample(hostileRequest(server.port), { numRuns: 200, seed: server.port })) {
        const status = statusOf(await rawRequest(server.port, sample.bytes, 300));
        const what = `${server.name}: ${sample.method} ${JSON.stringify(sample.target)} Host ${JSON.stringify(sample.host)}`;
        if (status !== undefined) expect(status, what).toBeLessThan(500);
        if (!ours.has(sample.host.toLowerCase())) expect([undefined, 400, 421], what).toContain(status);
      }
      const normal = await rawRequest(server.port, `${server.probe} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      expect(statusOf(normal), `${server.name} after the fuzzed set`).toBeDefined();
    }
  });

  it('answer 421 to any Host but their own loopback names (DNS rebinding)', { timeout: 60_000 }, async () => {
    for (const server of servers()) {
      const ask = async (host: string, target = '/') => statusOf(await rawRequest(server.port, `${server.probe.split(' ')[0]} ${target} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`));
      for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1.nip.io:${server.port}`, '127.0.0.1:1', '127.0.0.1', `localhost.:${server.port}`]) {
        expect(await ask(host), `${server.name} with Host ${host}`).toBe(421);
      }
      for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`]) {
        expect(await ask(host), `${server.name} with Host ${host}`).not.toBe(421);
      }
      expect(await ask(`127.0.0.1:${server.port}`, `http://evil.example:${server.port}/`), `${server.name}, absolute form elsewhere`).toBe(421);
    }
  });

  it('keep the SES inbox, with every email\'s links, from a page on another name', async () => {
    const port = portOf(system.context.urls.ses);
    const reply = await rawRequest(port, `GET /store HTTP/1.1\r\nHost: attacker.example:${port}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(reply)).toBe(421);
    expect(reply).not.toContain('emails');
  });
});

describe('the local HTTP API', () => {
  it('throttles each route on its own: a flood of subscribe posts leaves unsubscribe and the Telegram webhook answering', { timeout: 60_000 }, async () => {
    const post = (path: string) => fetch(`${system.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    const flood = await Promise.all(Array.from({ length: 30 }, () => post('/subscribe')));
    const throttled = flood.filter((r) => r.status === 429);
    // The burst (5) goes through at once; the rest of an instant's flood is refused before any function runs.
    expect(flood.length - throttled.length).toBeGreaterThanOrEqual(5);
    expect(throttled.length).toBeGreaterThanOrEqual(20);
    expect(await throttled[0]!.json()).toEqual({ message: 'Too Many Requests' });
    expect((await post('/unsubscribe')).status).not.toBe(429);
    expect((await post('/telegram/webhook')).status).not.toBe(429);
    expect((await fetch(`${system.url}/subscribe`)).status).toBe(200);
  });
});
