import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { buildTopicFeeds, cleanLine } from '../../shared/domain/syndication/index.js';
import { listCorpus, readCorpus } from '../support/corpus.js';
import { expectStrictXml } from '../unit/syndication/strict-xml.js';

/**
 * Real-world titles (third-party corpus, read in place): whatever a source feed throws at us, the feeds we
 * re-publish stay strict XML and every title comes back through rss-parser exactly as cleaned.
 */
async function roundTrip(files: string[]): Promise<{ checked: number; titles: number; failures: string[] }> {
  const failures: string[] = [];
  let checked = 0;
  let titles = 0;
  for (const file of files) {
    let source;
    try {
      source = await new Parser().parseString(new TextDecoder().decode(readCorpus(file)));
    } catch {
      continue; // a source rss-parser cannot read gives us no articles to re-publish
    }
    const items = source.items.slice(0, 25).map((item, i) => ({
      article: {
        id: `${file}#${i}`,
        feedId: 'corpus',
        title: typeof item.title === 'string' ? item.title : '',
        ...(typeof item.link === 'string' ? { link: item.link } : {}),
        summary: typeof item.contentSnippet === 'string' ? item.contentSnippet : '',
        sourceTitle: typeof source.title === 'string' ? source.title : 'corpus',
        firstSeen: '2026-11-20T00:00:00.000Z',
      },
      matchedAt: `2026-11-20T00:00:${String(59 - i).padStart(2, '0')}.000Z`,
      terms: [{ term: 'corpus', field: 'title' as const, snippet: typeof item.title === 'string' ? item.title.slice(0, 80) : '' }],
    }));
    if (!items.length) continue;
    checked++;
    const feeds = buildTopicFeeds({ topic: { id: 'corpus', name: typeof source.title === 'string' ? source.title : 'corpus' }, items, baseUrl: 'https://news.example.org' });
    try {
      expectStrictXml(feeds.rss);
      expectStrictXml(feeds.atom);
      const back = await new Parser().parseString(feeds.rss);
      const json = JSON.parse(feeds.json) as { items: { title: string }[] };
      const expected = items.map((i) => cleanLine(i.article.title) || '(untitled)');
      expect(back.items.map((i) => i.title)).toEqual(expected);
      expect(json.items.map((i) => i.title)).toEqual(expected);
      titles += expected.length;
    } catch (error) {
      failures.push(`${file}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { checked, titles, failures };
}

describe('re-publishing real-world feeds from the corpus', () => {
  it('rss-parser corpus', async () => {
    const result = await roundTrip(listCorpus('rss-parser', 'test', 'input'));
    expect(result.failures).toEqual([]);
    expect(result.checked).toBeGreaterThan(20);
    expect(result.titles).toBeGreaterThan(200);
  });

  it('feedparser corpus (edge cases: entities, CDATA, markup and scripts in titles, encodings)', async () => {
    const files = listCorpus('feedparser', 'tests').filter((f) => /\.(xml|rdf|atom|rss)$/.test(f));
    const result = await roundTrip(files);
    expect(result.failures).toEqual([]);
    expect(result.checked).toBeGreaterThan(100);
  });
});
