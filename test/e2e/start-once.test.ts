import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startFeedServer } from '../support/feed-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

const fixtures = path.join(root, 'test/fixtures/feeds');

async function startOnce(dataDir: string, extra: string[] = []) {
  const { stdout } = await run(tsx, ['infra/local/main.ts', '--once', '--json', '--data', dataDir, '--port', '0', ...extra], { cwd: root, timeout: 120_000 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

describe('npm start -- --once --json', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("runs a full cycle over the feeds of --feeds FILE (--no-samples), then a second finds nothing new and sends nothing", { timeout: 240_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-once-'));
    dirs.push(dataDir);
    const server = await startFeedServer({
      '/wire.xml': { body: await readFile(path.join(fixtures, 'world-wire.xml')) },
      '/kavkaz.xml': { body: await readFile(path.join(fixtures, 'kavkaz-lenta.xml')), contentType: 'application/atom+xml' },
    });
    try {
      const feedsFile = path.join(dataDir, 'my-feeds.json');
      await writeFile(feedsFile, JSON.stringify([{ id: 'wire', url: `${server.url}/wire.xml` }, { id: 'kavkaz', url: `${server.url}/kavkaz.xml`, title: 'Kavkaz' }]));
      const options = ['--feeds', feedsFile, '--no-samples'];
      const first = await startOnce(dataDir, options);
      expect(first).toMatchObject({ feedsPolled: 2, newArticles: 13, outbox: path.join(dataDir, 'outbox') });
      expect(Object.keys(first.matches as object).sort()).toEqual(['csto', 'nagorno-karabakh']);
      expect(first.emailsSent).toBeGreaterThan(0);
      expect(first.telegramSent).toBe(first.emailsSent);
      expect(first.feedsWritten).toEqual(expect.arrayContaining(['feeds/csto.xml', 'feeds/nagorno-karabakh.atom', 'feeds/all.json']));
      expect(new Set(server.requests.map((r) => r.path))).toEqual(new Set(['/wire.xml', '/kavkaz.xml']));
      const outbox = await readdir(path.join(dataDir, 'outbox'));
      expect(outbox.filter((f) => f.endsWith('.eml'))).toHaveLength(first.emailsSent as number);
      expect(outbox.filter((f) => f.endsWith('.json') && f.includes('-telegram-'))).toHaveLength(first.telegramSent as number);
      expect(outbox.filter((f) => f.includes('-webhook-sample-webhook'))).not.toHaveLength(0);

      const second = await startOnce(dataDir, options);
      expect(second).toEqual({ feedsPolled: 2, newArticles: 0, matches: {}, alertedStories: {}, emailsSent: 0, telegramSent: 0, feedsWritten: [], outbox: path.join(dataDir, 'outbox') });
    } finally {
      await server.close();
    }
  });

  it("keeps the data folder this user's alone: folders 0700, files 0600, the emulators' files too", { timeout: 240_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-private-'));
    dirs.push(dataDir);
    // Left open by an earlier run, or by hand: tightened at start.
    await mkdir(path.join(dataDir, 'outbox'), { mode: 0o755 });
    await writeFile(path.join(dataDir, 'outbox', 'old.eml'), 'From: x', { mode: 0o644 });
    await chmod(dataDir, 0o755);
    await startOnce(dataDir);
    const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
    expect(entries.some((e) => e.parentPath.includes(`${path.sep}dynamodb`)) && entries.some((e) => e.parentPath.includes(`${path.sep}aws`))).toBe(true);
    const open: string[] = [];
    for (const target of [dataDir, ...entries.map((e) => path.join(e.parentPath, e.name))]) {
      const { mode } = await lstat(target);
      const kind = mode & constants.S_IFMT;
      if (kind === constants.S_IFDIR && (mode & 0o777) !== 0o700) open.push(`${target} ${(mode & 0o777).toString(8)}`);
      if (kind === constants.S_IFREG && (mode & 0o077) !== 0) open.push(`${target} ${(mode & 0o777).toString(8)}`);
    }
    expect(open).toEqual([]);
  });

  it('names the folder it cannot open when the queue database is damaged', { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-damaged-'));
    dirs.push(dataDir);
    await mkdir(path.join(dataDir, 'aws'));
    await writeFile(path.join(dataDir, 'aws', 'fauxqs.db'), 'truncated');
    await expect(run(tsx, ['infra/local/main.ts', '--once', '--data', dataDir, '--port', '0'], { cwd: root, timeout: 120_000 })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`${path.join(dataDir, 'aws')} could not be opened`),
    });
  });

  it('refuses a bad option with the usage text', async () => {
    await expect(run(tsx, ['infra/local/main.ts', '--port', 'abc'], { cwd: root })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--port must be') });
  });

  it('refuses a feeds file with a bad feed, naming the file and the key, before starting anything', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'newshound-feeds-'));
    dirs.push(dir);
    const file = path.join(dir, 'feeds.json');
    await writeFile(file, JSON.stringify([{ id: 'mine', url: 'https://example.org/feed.xml' }, { id: 'two', url: 'example.org/feed.xml' }]));
    await expect(run(tsx, ['infra/local/main.ts', '--once', '--feeds', file, '--data', path.join(dir, 'data'), '--port', '0'], { cwd: root })).rejects.toMatchObject({
      code: 2,
      stderr: `newshound: --feeds ${file}: [1].url: Invalid URL\n`,
    });
    await expect(run(tsx, ['infra/local/main.ts', '--once', '--no-samples', '--data', path.join(dir, 'data'), '--port', '0'], { cwd: root })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--no-samples leaves no feed to poll'),
    });
  });
});
