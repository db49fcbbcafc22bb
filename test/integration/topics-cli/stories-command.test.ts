import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/stories.js';
import { rssFeed } from '../../support/feed-builder.js';
import { startFeedServer } from '../../support/feed-server.js';
import { runCommand } from './capture.js';

const root = path.resolve(import.meta.dirname, '../../..');
const worldWire = path.join(root, 'test/fixtures/feeds/world-wire.xml');
const kavkaz = path.join(root, 'test/fixtures/feeds/kavkaz-lenta.xml');

interface JsonOut {
  stories: { id: string; items: { id: string; link?: string; title: string; feed: string }[] }[];
}

describe('newshound stories', () => {
  // The Russian report of the Minsk summit shares only the topic and the capital with the English one: that is no
  // event (a capital and the topic are what a snap drill near Yerevan shares with Armenia skipping drills), so each
  // article is its own story; the wire's copy of a story does join it (test/e2e/start-once.test.ts, story-alerts).
  it('groups nothing of the two feeds on a topic and a capital alone, in --json', async () => {
    const { code, stdout, stderr } = await runCommand(run, ['--json', worldWire, kavkaz]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const out = JSON.parse(stdout) as JsonOut;
    const items = out.stories.flatMap((s) => s.items);
    expect(items).toHaveLength(13);
    expect(new Set(items.map((i) => i.id)).size).toBe(13);
    expect(out.stories.map((s) => s.items.length)).toEqual(Array.from({ length: 13 }, () => 1));
    const summit = out.stories.find((s) => s.items[0]!.title === 'Саммит ОДКБ: лидеры обсудили противовоздушную оборону')!;
    expect(summit.items[0]).toEqual({ id: summit.id, link: 'https://example.org/kavkaz/2026/11/odkb-sammit', title: 'Саммит ОДКБ: лидеры обсудили противовоздушную оборону', feed: kavkaz });
  });

  it('lists each story with its items and why they joined', async () => {
    const { code, stdout } = await runCommand(run, [worldWire, kavkaz]);
    expect(code).toBe(0);
    expect(stdout).toContain('○ story ');
    expect(stdout.trim().split('\n').at(-1)).toBe('13 articles in 13 stories');
    const copy = rssFeed({
      title: 'Copy Desk',
      items: [{ title: 'CSTO leaders gather in Minsk for annual summit', link: 'https://copy.example/1', id: 'c1', published: new Date('2026-11-23T09:00:00Z'), description: '(World Wire) Heads of state of the Collective Security Treaty Organization met in Minsk on Monday; the wire copy.' }],
    });
    const server = await startFeedServer({ '/copy.xml': { body: copy } });
    try {
      const joined = await runCommand(run, ['--allow-loopback', worldWire, `${server.url}/copy.xml`]);
      expect(joined.code).toBe(0);
      expect(joined.stdout).toContain('● story ');
      expect(joined.stdout).toMatch(/CSTO leaders gather in Minsk for annual summit \[.*copy.xml\]\n {4}https:\/\/copy.example\/1\n {4}joined on: name Minsk, name Heads/);
    } finally {
      await server.close();
    }
  });

  it('reads a feed served on this machine with --allow-loopback', async () => {
    const xml = rssFeed({
      title: 'Local',
      items: [
        { title: 'Bridge at Dilijan closed after flood', link: 'https://local.example/1', id: 'l1', description: 'Mayor Davtyan said 104 cars were rerouted.' },
        { title: 'Flood shuts Dilijan bridge', link: 'https://local.example/2', id: 'l2', description: 'The bridge at Dilijan closed; 104 cars rerouted, Davtyan said.' },
      ],
    });
    const server = await startFeedServer({ '/feed.xml': { body: xml } });
    try {
      const { code, stdout } = await runCommand(run, ['--json', '--allow-loopback', `${server.url}/feed.xml`]);
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as JsonOut).stories.map((s) => s.items.map((i) => i.link))).toEqual([['https://local.example/1', 'https://local.example/2']]);
    } finally {
      await server.close();
    }
  });

  it('asks for a feed when given none', async () => {
    const result = await runCommand(run, []);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('newshound stories: which feeds? give one or more feed files or URLs');
  });
});
