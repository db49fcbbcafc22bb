import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/match.js';
import { startFeedServer } from '../../support/feed-server.js';
import { runCommand } from './capture.js';

const root = path.resolve(import.meta.dirname, '../../..');
const worldWire = path.join(root, 'test/fixtures/feeds/world-wire.xml');
const kavkaz = path.join(root, 'test/fixtures/feeds/kavkaz-lenta.xml');

interface JsonOut {
  items: { id: string; title: string; topics: { id: string; terms: { term: string; field: string; snippet: string }[] }[] }[];
}
const topicsByTitle = (out: string) => Object.fromEntries((JSON.parse(out) as JsonOut).items.map((i) => [i.title, i.topics.map((t) => t.id)]));

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'newshound-match-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('newshound match', () => {
  it('matches a sample feed file against the configured topics (--json)', async () => {
    const { code, stdout } = await runCommand(run, ['--json', worldWire]);
    expect(code).toBe(0);
    const byTitle = topicsByTitle(stdout);
    expect(byTitle['CSTO leaders gather in Minsk for annual summit']).toEqual(['csto']);
    expect(byTitle['Startup CSTOX raises seed round for logistics software']).toEqual([]);
    expect(byTitle["Film festival opens with a documentary about Artsakh's last days"]).toEqual(['nagorno-karabakh']);
    expect(byTitle['Mountain road to Lachin reopens after landslide']).toEqual(['nagorno-karabakh']);
    expect(byTitle['Peace talks on Nagorno-Karabakh returnees resume in Geneva']).toEqual(['nagorno-karabakh']);
    expect(byTitle['Wheat prices fall as Black Sea exports recover']).toEqual([]);
    const first = (JSON.parse(stdout) as JsonOut).items[0]!;
    expect(first).toEqual({
      id: expect.any(String),
      title: 'CSTO leaders gather in Minsk for annual summit',
      topics: [
        {
          id: 'csto',
          terms: [
            { term: 'CSTO', field: 'title', snippet: 'CSTO leaders gather in Minsk for annual summit' },
            { term: '"Collective Security Treaty Organization"', field: 'text', snippet: expect.stringContaining('Collective Security Treaty Organization met in Minsk') },
          ],
        },
      ],
    });
  });

  it('matches the Russian sample feed with --topics FILE.json', async () => {
    const file = path.join(tmp, 'topics.json');
    await writeFile(file, JSON.stringify([{ id: 'karabakh', query: 'Карабах*' }, { id: 'odkb', query: '"Организаци* Договора о коллективной безопасности"' }]));
    const { code, stdout } = await runCommand(run, ['--topics', file, '--json', kavkaz]);
    expect(code).toBe(0);
    expect(topicsByTitle(stdout)).toEqual({
      'Саммит ОДКБ: лидеры обсудили противовоздушную оборону': ['odkb'],
      'Жители вернулись в сёла Карабаха после зимы': ['karabakh'],
      'В Ереване открылась выставка современного искусства': [],
    });
  });

  it('prints per article the topics with provenance, and a summary', async () => {
    const { code, stdout } = await runCommand(run, ['--query', 'Карабах*', kavkaz]);
    expect(code).toBe(0);
    expect(stdout).toContain('● Жители вернулись в сёла Карабаха после зимы');
    expect(stdout).toContain('  → query\n      Карабах* (title): “Жители вернулись в сёла Карабаха после зимы”\n      Карабах* (text): “Переговоры о Нагорном Карабахе продолжатся в декабре, сообщили дипломаты.”');
    expect(stdout).toContain('○ В Ереване открылась выставка современного искусства\n  https://example.org/kavkaz/2026/11/vystavka\n  no topic matched');
    expect(stdout).toContain('1 of 3 articles matched');
  });

  it('fetches a feed URL with the guarded client (loopback allowed explicitly)', async () => {
    const server = await startFeedServer({ '/feed.xml': { body: await readFile(worldWire) } });
    try {
      const allowed = await runCommand(run, ['--query', 'CSTO', '--json', '--allow-loopback', `${server.url}/feed.xml`]);
      expect(allowed.code).toBe(0);
      expect(Object.values(topicsByTitle(allowed.stdout)).filter((t) => t.length > 0)).toHaveLength(2);
      const refused = await runCommand(run, ['--query', 'CSTO', `${server.url}/feed.xml`]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`cannot fetch ${server.url}/feed.xml`);
      expect(refused.stderr).toContain('--allow-loopback');
    } finally {
      await server.close();
    }
  });

  it.each([
    ['an invalid query, with position and expectation', ['--query', 'CSTO OR', worldWire], 2, 'invalid query at position 7: expected a term after OR'],
    ['an invalid query in a topics file names the topic', ['--topics', 'BADFILE', worldWire], 2, 'topic "bad": invalid query at position 0: expected a term before OR'],
    ['a missing file', ['--query', 'CSTO', path.join(root, 'no-such-feed.xml')], 2, `no such file: ${path.join(root, 'no-such-feed.xml')}`],
    ['a malformed topics file', ['--topics', 'MALFORMED', worldWire], 2, 'invalid topics in'],
    ['both --topics and --query', ['--topics', 'x.json', '--query', 'CSTO', worldWire], 2, 'Usage: newshound match'],
    ['no feed', ['--query', 'CSTO'], 2, 'Usage: newshound match'],
  ])('refuses %s', async (_what, argv, expectedCode, message) => {
    await writeFile(path.join(tmp, 'bad.json'), JSON.stringify([{ id: 'bad', query: 'OR CSTO' }]));
    await writeFile(path.join(tmp, 'malformed.json'), JSON.stringify([{ id: 'x' }]));
    const args = argv.map((a) => (a === 'BADFILE' ? path.join(tmp, 'bad.json') : a === 'MALFORMED' ? path.join(tmp, 'malformed.json') : a));
    const { code, stderr } = await runCommand(run, args);
    expect(code).toBe(expectedCode);
    expect(stderr).toContain(message);
  });

  it('runs end to end through `npx newshound`', async () => {
    const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'cli/main.ts'), 'match', '--query', 'CSTO', '--json', worldWire], { cwd: root });
    const matched = Object.entries(topicsByTitle(stdout)).filter(([, t]) => t.length > 0).map(([title]) => title);
    expect(matched).toEqual(['CSTO leaders gather in Minsk for annual summit', expect.stringMatching(/^Kazakhstan hosts CSTO defence ministers/)]);
  });
});
