import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

interface Term {
  term: string;
  field: string;
  source?: string;
  paragraph?: number;
}
interface WebhookCopy {
  body: { article: { title: string; link: string; summary: string }; topics: { id: string; terms: Term[] }[] };
}

describe('full text on the local topology (npm start -- --once --json)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('poll-feed fetches the excerpt-only sample’s pages from the local server, and alerts nagorno-karabakh from the page’s ninth paragraph', { timeout: 300_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-full-text-'));
    dirs.push(dataDir);
    const { stdout } = await run(tsx, ['infra/local/main.ts', '--once', '--json', '--data', dataDir, '--port', '0'], { cwd: root, timeout: 240_000 });
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as { matches: Record<string, number> };
    expect(summary.matches['nagorno-karabakh']).toBeGreaterThan(0);

    // What the real handlers delivered: the webhook receiver's copy of the CSTO council article's alert.
    const outbox = path.join(dataDir, 'outbox');
    const copies = await Promise.all((await readdir(outbox)).filter((f) => f.includes('-webhook-')).map(async (f) => JSON.parse(await readFile(path.join(outbox, f), 'utf8')) as WebhookCopy));
    const council = copies.find((c) => c.body.article.title.startsWith('CSTO council meets in Moscow'));
    expect(council, 'the CSTO council article was alerted').toBeDefined();
    expect(council!.body.article.summary).not.toContain('Karabakh');
    expect(council!.body.topics.map((t) => t.id)).toEqual(['csto', 'nagorno-karabakh']);
    expect(council!.body.topics[1]!.terms).toEqual([expect.objectContaining({ term: 'Karabakh', field: 'text', source: 'page', paragraph: 9 })]);
    // The grain page names Karabakh only in its navigation, "most read" list and tag cloud: not alerted.
    expect(copies.some((c) => c.body.article.title.startsWith('Grain corridor'))).toBe(false);
    // The paywalled page fell back to its excerpt, which still matches csto.
    const paywalled = copies.find((c) => c.body.article.title.startsWith('Defence ministers weigh'));
    expect(paywalled?.body.topics.map((t) => t.id)).toEqual(['csto']);

    // The page text is stored on the article: a backtest over the stored articles finds the match from the page.
    const backtest = await run(tsx, ['cli/main.ts', 'backtest', 'nagorno-karabakh', '--data', dataDir, '--json'], { cwd: root, timeout: 120_000 });
    const found = JSON.parse(backtest.stdout) as { items: { title: string; terms: Term[] }[] };
    expect(found.items.find((i) => i.title.startsWith('CSTO council meets'))?.terms).toEqual([expect.objectContaining({ source: 'page', paragraph: 9 })]);
  });
});
