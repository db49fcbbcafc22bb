import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardedHubClient } from '../../../shared/adapters/http/guarded-hub-client.js';

let server: Server;
let base: string;
const received: { method?: string; type?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method, type: req.headers['content-type'], body });
      if (req.url === '/accepts') return void res.writeHead(202).end();
      if (req.url === '/redirects') return void res.writeHead(307, { location: 'http://169.254.169.254/' }).end();
      res.writeHead(500, { 'content-type': 'text/html' }).end(`<html>\u0000oops ${'x'.repeat(5000)}</html>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GuardedHubClient', () => {
  const form = { 'hub.mode': 'subscribe', 'hub.topic': 'https://site.example/feed', 'hub.callback': 'https://api.example/websub?feed=a&token=t' };

  it('POSTs the form and takes a 2xx as accepted', async () => {
    expect(await new GuardedHubClient({ allowLoopback: true }).request(`${base}/accepts`, form)).toEqual({ accepted: true, status: 202 });
    expect(received.at(-1)).toEqual({ method: 'POST', type: 'application/x-www-form-urlencoded', body: new URLSearchParams(form).toString() });
  });

  it('reports a refusal with a short, printable excerpt of what the hub said, and follows no redirect', async () => {
    const refused = await new GuardedHubClient({ allowLoopback: true }).request(`${base}/fails`, form);
    expect(refused).toMatchObject({ accepted: false, status: 500 });
    expect(refused.accepted ? '' : refused.reason).toMatch(/^hub answered HTTP 500: <html> oops x+$/);
    expect((refused.accepted ? '' : refused.reason).length).toBeLessThan(200);
    expect(await new GuardedHubClient({ allowLoopback: true }).request(`${base}/redirects`, form)).toMatchObject({ accepted: false, status: 307, reason: expect.stringContaining('redirects are not followed') });
  });

  it.each(['http://127.0.0.1:1/', 'http://10.0.0.1/', 'http://169.254.169.254/latest', 'http://[::1]/', 'file:///etc/passwd', 'not a url'])('refuses %s without connecting (SSRF guard)', async (hub) => {
    const before = received.length;
    const answer = await new GuardedHubClient().request(hub, form);
    expect(answer.accepted).toBe(false);
    expect(answer.accepted ? '' : answer.reason).toMatch(/SSRF|unusable/);
    expect(received.length).toBe(before);
  });
});
