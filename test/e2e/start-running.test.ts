/**
 * `npm start` as an admin runs it, in its own process: after a restart every feed is polled at once, whatever
 * next-poll time the last run stored, and `newshound poll <feedId> --local DIR` from another process polls a feed
 * of the running system now.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { rssFeed, type FeedItem } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** The outbox's emails, raw, until one contains `text` (or the wait is over: then what there is). */
async function emailsUntil(outbox: string, text: string, waitMs: number): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const files = (await readdir(outbox)).filter((f) => f.endsWith('.eml'));
    const emails = await Promise.all(files.map((f) => readFile(path.join(outbox, f), 'utf8')));
    if (emails.some((e) => e.includes(text)) || Date.now() > deadline) return emails;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function started(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('Press Ctrl-C to stop.')) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was running:\n${out}`)));
  });
}

describe('npm start, restarted on its data folder', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  it('polls every feed at start, then polls one on `newshound poll --local DIR`', { timeout: 300_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-running-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const items: FeedItem[] = [{ title: 'CSTO leaders meet in Minsk', link: 'https://wire.example/minsk', id: 'w-1', published: new Date('2026-11-23T08:15:00Z') }];
    const server = await startFeedServer({ '/wire.xml': { body: rssFeed({ title: 'Wire', items }) } });
    cleanup.push(() => server.close());
    const publish = (item: FeedItem) => {
      items.unshift(item);
      server.files['/wire.xml'] = { body: rssFeed({ title: 'Wire', items }) };
    };
    const feedsFile = path.join(dataDir, 'feeds.json');
    await writeFile(feedsFile, JSON.stringify([{ id: 'wire', url: `${server.url}/wire.xml` }]));
    const options = ['--data', dataDir, '--port', '0', '--feeds', feedsFile, '--no-samples'];

    // An earlier run: its only item is old, so it stored the next poll a day away.
    await run(tsx, ['infra/local/main.ts', '--once', ...options], { cwd: root, timeout: 120_000 });
    publish({ title: 'CSTO summit moves to Astana', link: 'https://wire.example/astana', id: 'w-2', published: new Date() });

    const child = spawn(tsx, ['infra/local/main.ts', ...options], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    cleanup.push(async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    });
    const banner = await started(child);
    expect(banner).toContain(`npx newshound poll <feedId> --local ${dataDir}`);
    const outbox = path.join(dataDir, 'outbox');
    expect((await emailsUntil(outbox, 'Astana', 90_000)).filter((e) => e.includes('Astana'))).toHaveLength(1);

    publish({ title: 'CSTO drills postponed in Tajikistan', link: 'https://wire.example/drills', id: 'w-3', published: new Date() });
    const { stdout } = await run(tsx, ['cli/main.ts', 'poll', 'wire', '--local', dataDir, '--json'], { cwd: root, timeout: 180_000 });
    expect(JSON.parse(stdout)).toMatchObject({ feedId: 'wire', ok: true, message: expect.stringMatching(/^wire: polled \(poll \d+\) at \S+: HTTP 200, new articles stored/) });
    expect((await emailsUntil(outbox, 'Tajikistan', 90_000)).filter((e) => e.includes('Tajikistan'))).toHaveLength(1);
  });
});
