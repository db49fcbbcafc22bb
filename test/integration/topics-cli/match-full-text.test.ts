import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/match.js';
import { articlePage, councilParagraphs } from '../../support/article-page.js';
import { startFeedServer } from '../../support/feed-server.js';
import { runCommand } from './capture.js';

const root = path.resolve(import.meta.dirname, '../../..');
const samples = path.join(root, 'infra/config/sample-feeds');

interface JsonOut {
  items: { title: string; fullText?: boolean; topics: { id: string; terms: { term: string; source?: string; paragraph?: number }[] }[] }[];
}

let server: Awaited<ReturnType<typeof startFeedServer>>;
beforeAll(async () => {
  const page = async (name: string) => ({ body: await readFile(path.join(samples, 'pages', name)), contentType: 'text/html; charset=utf-8' });
  server = await startFeedServer({
    '/samples/excerpt-wire.xml': { body: await readFile(path.join(samples, 'excerpt-wire.xml')) },
    '/samples/pages/csto-council.html': await page('csto-council.html'),
    '/samples/pages/grain-corridor.html': await page('grain-corridor.html'),
    '/samples/pages/air-defence-pact.html': await page('air-defence-pact.html'),
    // border-commission.html is missing: a 404
    '/boilerplate.xml': { body: `<rss version="2.0"><channel><title>B</title><item><title>Council meets</title><link>/boilerplate.html</link><description>Ministers met…</description></item></channel></rss>` },
    '/boilerplate.html': { body: articlePage('Council meets', councilParagraphs(), { nav: ['Karabakh'], mostRead: ['Karabakh'], tags: ['Karabakh'], footer: ['Karabakh'] }), contentType: 'text/html' },
  });
});
afterAll(() => server.close());

describe('newshound match --full-text', () => {
  it("matches the excerpt-only sample's pages: Karabakh from the CSTO article's ninth paragraph; failed pages keep their excerpt", async () => {
    const { code, stdout } = await runCommand(run, ['--full-text', '--json', '--allow-loopback', `${server.url}/samples/excerpt-wire.xml`]);
    expect(code).toBe(0);
    const items = (JSON.parse(stdout) as JsonOut).items;
    expect(items.map((i) => [i.title, i.fullText, i.topics.map((t) => t.id)])).toEqual([
      ["CSTO council meets in Moscow on the bloc's budget and joint forces", true, ['csto', 'nagorno-karabakh']],
      ['Grain corridor traffic rises for a third month', true, []],
      ['Defence ministers weigh a new air defence pact', false, ['csto']],
      ['Border commission resumes work after winter pause', false, []],
    ]);
    expect(items[0]!.topics[1]!.terms).toEqual([expect.objectContaining({ term: 'Karabakh', source: 'page', paragraph: 9 })]);
  });

  it('without --full-text, fetches no page, matches the excerpts alone and says nothing of full text', async () => {
    const before = server.requests.length;
    const { stdout } = await runCommand(run, ['--json', '--allow-loopback', `${server.url}/samples/excerpt-wire.xml`]);
    const items = (JSON.parse(stdout) as JsonOut).items;
    expect(items.map((i) => i.topics.map((t) => t.id))).toEqual([['csto'], [], ['csto'], []]);
    expect(items.every((i) => !('fullText' in i))).toBe(true);
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/samples/excerpt-wire.xml']);
  });

  it('does not match a topic named only in the page furniture, and says in text which items used their page', async () => {
    const { code, stdout } = await runCommand(run, ['--full-text', '--allow-loopback', `${server.url}/boilerplate.xml`]);
    expect(code).toBe(0);
    expect(stdout).toContain('○ Council meets [full text]');
    expect(stdout).toContain('article pages: 1 matched, 0 fell back to the excerpt');
  });
});
