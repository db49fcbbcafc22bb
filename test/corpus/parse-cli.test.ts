import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../cli/commands/parse.js';
import { corpusPath } from '../support/corpus.js';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  const error = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  try {
    const code = await run(args);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

let server: Server;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'newshound-parse-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/koi8') res.writeHead(200, { 'content-type': 'application/rss+xml; charset=koi8-r' }).end(iconv.encode('<rss version="2.0"><channel><title>Карабах</title><item><title>ОДКБ</title><link>/a</link></item></channel></rss>', 'koi8-r'));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('newshound parse', () => {
  it('prints the feed and items as JSON and exits 0', async () => {
    const { code, stdout } = await cli([corpusPath('rss-parser', 'test', 'input', 'heraldsun.rss'), '--json']);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toHaveLength(1);
    const out = JSON.parse(stdout) as { feed: { title: string; encoding: string }; items: { id: string; title: string; link?: string; summary: string }[] };
    expect(out.feed).toMatchObject({ encoding: 'iso-8859-1', format: 'rss' });
    expect(out.items[0]).toMatchObject({ title: 'The First Item', link: 'http://www.oreilly.com/example/001.html', summary: 'This is the first item.' });
    expect(out.items[0]!.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('honours --content-type for the charset', async () => {
    const file = join(dir, 'cp1251.xml');
    writeFileSync(file, iconv.encode('<rss version="2.0"><channel><title>Новости</title></channel></rss>', 'windows-1251'));
    const { code, stdout } = await cli([file, '--content-type', 'text/xml; charset=windows-1251', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).feed.title).toBe('Новости');
  });

  it.each([
    ['an HTML page', '<!doctype html><html><body>hi</body></html>', /not-a-feed/],
    ['a billion-laughs document', '<!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><rss><channel><title>&b;</title></channel></rss>', /entity-declarations/],
  ])('rejects %s with exit 2 and a one-line reason', async (_name, body, reason) => {
    const file = join(dir, 'bad.xml');
    writeFileSync(file, body);
    const { code, stdout, stderr } = await cli([file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(reason);
  });

  it('rejects a missing file', async () => {
    expect((await cli([join(dir, 'nope.xml')])).code).toBe(2);
  });

  it('fetches a URL through the guarded fetcher (loopback only when allowed)', async () => {
    const refused = await cli([`${base}/koi8`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/loopback/);
    const fetched = await cli([`${base}/koi8`, '--allow-loopback', '--json']);
    expect(fetched.code).toBe(0);
    const out = JSON.parse(fetched.stdout);
    expect(out.feed.title).toBe('Карабах');
    expect(out.items[0]).toMatchObject({ title: 'ОДКБ', link: `${base}/a` });
  });
});
