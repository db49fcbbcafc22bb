import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/backtest.js';
import { startDynalite } from '../../../infra/local/dynalite-server.js';
import { DynamoArticleStore, ensureTable } from '../../../shared/adapters/dynamodb/index.js';
import type { Article } from '../../../shared/domain/article.js';
import { makeDynamoClients } from '../../../shared/runtime/dynamodb-client.js';
import { runCommand } from './capture.js';

const article = (id: string, title: string, summary: string, published: string): Article => ({
  id,
  feedId: 'world-wire',
  title,
  summary,
  link: `https://example.org/${id}`,
  published,
  sourceTitle: 'World Wire',
  firstSeen: published,
});

const stored = [
  article('a1', 'CSTO leaders gather in Minsk', 'Annual summit.', '2026-11-23T08:15:00.000Z'),
  article('a2', 'Startup CSTOX raises seed round', 'Logistics software.', '2026-11-25T15:10:00.000Z'),
  article('a3', 'Саммит ОДКБ', 'Главы государств Организации Договора о коллективной безопасности встретились.', '2026-11-26T12:00:00.000Z'),
  article('a4', 'Wheat prices fall', 'Futures dropped.', '2026-11-24T09:30:00.000Z'),
];

/** The table name `npm start` derives from the synthesized stack. */
const TABLE = 'Newshound-local-Stateful-TableCD117FA1';

/** Writes articles into a dynalite table, in memory or persisted under `folder`. */
async function seed(options: { path?: string }, table: string) {
  const server = await startDynalite(options);
  const { client, doc } = makeDynamoClients({ endpoint: server.endpoint });
  await ensureTable(client, table);
  const store = new DynamoArticleStore(doc, table);
  for (const a of stored) await store.putIfAbsent(a);
  return { endpoint: server.endpoint, close: async () => (client.destroy(), await server.close()) };
}

interface JsonOut {
  topic: string;
  scanned: number;
  matched: number;
  items: { id: string; title: string; published: string; terms: { term: string; field: string }[] }[];
}

describe('newshound backtest', () => {
  let live: Awaited<ReturnType<typeof seed>>;
  let dataDir: string;

  beforeAll(async () => {
    live = await seed({}, TABLE);
    dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-backtest-'));
    const persisted = await seed({ path: path.join(dataDir, 'dynamodb') }, TABLE);
    await persisted.close();
    // What `npm start` leaves in its data folder: the names of what it created.
    await writeFile(path.join(dataDir, 'local-deployment.json'), JSON.stringify({ tableName: TABLE, queues: {}, functions: {} }));
  });
  afterAll(async () => {
    await live.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs a configured topic over the articles of a running endpoint, newest first', async () => {
    const { code, stdout } = await runCommand(run, ['csto', '--endpoint', live.endpoint, '--table', TABLE, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as JsonOut;
    expect({ topic: out.topic, scanned: out.scanned, matched: out.matched }).toEqual({ topic: 'csto', scanned: 4, matched: 2 });
    expect(out.items.map((i) => i.id)).toEqual(['a3', 'a1']);
    expect(out.items[0]!.terms.map((t) => `${t.term}/${t.field}`)).toEqual(['ОДКБ/title', '"Организаци* Договора о коллективной безопасности"/text']);
  });

  it('reads the local runtime data folder (--data)', async () => {
    const { code, stdout } = await runCommand(run, ['--query', 'wheat OR CSTOX', '--data', dataDir, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as JsonOut;
    expect(out.items.map((i) => i.id)).toEqual(['a2', 'a4']);
  });

  it('prints matches with provenance and a summary; --limit caps the list', async () => {
    const { code, stdout } = await runCommand(run, ['csto', '--endpoint', live.endpoint, '--table', TABLE, '--limit', '1']);
    expect(code).toBe(0);
    expect(stdout).toContain('● 2026-11-26T12:00:00.000Z  Саммит ОДКБ\n  World Wire  https://example.org/a3\n      ОДКБ (title): “Саммит ОДКБ”');
    expect(stdout).toContain('2 of 4 stored articles would have matched (newest 1 shown; --limit N for more)');
  });

  it('shows a progress bar on stderr with --progress', async () => {
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => (writes.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const { code } = await runCommand(run, ['csto', '--endpoint', live.endpoint, '--table', TABLE, '--progress', '--json']);
      expect(code).toBe(0);
    } finally {
      process.stderr.write = original;
    }
    expect(writes.join('')).toMatch(/backtest csto .* 4\/4 articles \| 2 matched/);
  });

  it('treats a missing table as an empty store', async () => {
    const { code, stdout } = await runCommand(run, ['csto', '--endpoint', live.endpoint, '--table', 'never-created', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ scanned: 0, matched: 0, items: [] });
  });

  it.each([
    ['an unknown topic', ['no-such-topic'], 'unknown topic "no-such-topic"; configured: csto, nagorno-karabakh'],
    ['an invalid ad-hoc query', ['--query', 'CSTO (', '--endpoint', 'http://127.0.0.1:9'], 'invalid query at position 6'],
    ['a data folder without a store', ['csto', '--data', '/nonexistent/newshound'], 'no stored articles: /nonexistent/newshound/local-deployment.json does not exist'],
    ['both a topic and --query', ['csto', '--query', 'x'], 'Usage: newshound backtest'],
  ])('refuses %s', async (_what, argv, message) => {
    const { code, stderr } = await runCommand(run, argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
