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
  it('groups the English and Russian reports of the Minsk summit, and nothing else, in --json', async () => {
    const { code, stdout, stderr } = await runCommand(run, ['--json', worldWire, kavkaz]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const out = JSON.parse(stdout) as JsonOut;
    const titles = out.stories.map((s) => s.items.map((i) => i.title));
    expect(titles.filter((t) => t.length > 1)).toEqual([['CSTO leaders gather in Minsk for annual summit', 'Саммит ОДКБ: лидеры обсудили противовоздушную оборону']]);
    const items = out.stories.flatMap((s) => s.items);
    expect(items).toHaveLength(13);
    expect(new Set(items.map((i) => i.id)).size).toBe(13);
    const summit = out.stories.find((s) => s.items.length > 1)!;
    expect(summit.id).toBe(summit.items[0]!.id);
    expect(summit.items[1]).toEqual({ id: expect.any(String), link: 'https://example.org/kavkaz/2026/11/odkb-sammit', title: 'Саммит ОДКБ: лидеры обсудили противовоздушную оборону', feed: kavkaz });
  });

  it('lists each story with its items and why they joined', async () => {
    const { code, stdout } = await runCommand(run, [worldWire, kavkaz]);
    expect(code).toBe(0);
    expect(stdout).toContain('● story ');
    expect(stdout).toMatch(/Саммит ОДКБ: лидеры обсудили противовоздушную оборону \[.*kavkaz-lenta.xml\]\n {4}https:\/\/example.org\/kavkaz\/2026\/11\/odkb-sammit\n {4}joined on: name Минске, topic csto/);
    expect(stdout.trim().split('\n').at(-1)).toBe('13 articles in 12 stories');
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
