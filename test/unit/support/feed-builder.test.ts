import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../shared/domain/feed/parse-feed.js';
import { atomFeed, escapeXmlAttribute, jsonFeed, raw, rssFeed, type FeedDocument } from '../../support/feed-builder.js';

const feedUrl = 'https://news.example/feed';
// No tags: readers take RSS titles as HTML, so `<b>` there would be read as markup, not as text.
const hostile = 'CSTO & allies: 5 < 6 > 4 "quoted" ]]> \'single\' — Карабах 😀';

const doc: FeedDocument = {
  title: hostile,
  link: 'https://news.example/',
  items: [
    {
      title: hostile,
      link: 'https://news.example/a?x=1&y=2',
      id: 'urn:a',
      published: new Date('2026-11-20T09:00:00Z'),
      updated: new Date('2026-11-20T09:30:00Z'),
      description: '<p>Hello <b>world</b> &amp; more</p>',
      content: '<p>Full <i>text</i>, longer than the summary</p>',
      categories: ['CSTO', 'R&D'],
    },
  ],
};

describe('feed builder', () => {
  it.each([
    ['RSS 2.0', rssFeed, 'rss', 'Hello world & more'],
    ['Atom 1.0', atomFeed, 'atom', 'Hello world & more'],
    ['JSON Feed 1.1', jsonFeed, 'json', '<p>Hello <b>world</b> &amp; more</p>'],
  ])('%s: every field reaches the parser as written', async (_name, build, format, summary) => {
    const parsed = await parseFeed(build(doc), { feedUrl });
    expect(parsed.format).toBe(format);
    expect(parsed.feed.title).toBe(hostile);
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]).toMatchObject({ title: hostile, link: 'https://news.example/a?x=1&y=2', guid: 'urn:a', published: '2026-11-20T09:00:00.000Z', summary, content: 'Full text, longer than the summary' });
  });

  it('writes dates as each format does', () => {
    const published = new Date('2026-11-20T09:00:00Z');
    expect(rssFeed({ items: [{ published }] })).toContain('<pubDate>Fri, 20 Nov 2026 09:00:00 GMT</pubDate>');
    expect(atomFeed({ items: [{ published }] })).toContain('<published>2026-11-20T09:00:00.000Z</published>');
    expect(JSON.parse(jsonFeed({ items: [{ published }] })).items[0].date_published).toBe('2026-11-20T09:00:00.000Z');
    expect(rssFeed({ items: [{ published: 'yesterday-ish' }] })).toContain('<pubDate>yesterday-ish</pubDate>');
  });

  it('writes categories as each format does', () => {
    const items = [{ categories: ['R&D', 'CSTO'] }];
    expect(rssFeed({ items })).toContain('<category>R&amp;D</category><category>CSTO</category>');
    expect(atomFeed({ items })).toContain('<category term="R&amp;D"/><category term="CSTO"/>');
    expect(JSON.parse(jsonFeed({ items })).items[0].tags).toEqual(['R&D', 'CSTO']);
  });

  it('escapes attributes, whitespace included', () => {
    expect(escapeXmlAttribute('a "b"\n&\tc')).toBe('a &quot;b&quot;&#10;&amp;&#9;c');
    expect(atomFeed({ items: [{ link: 'https://x.example/?a="1"' }] })).toContain('<link href="https://x.example/?a=&quot;1&quot;"/>');
  });

  it('refuses what XML 1.0 cannot carry, and raw() sends it anyway', () => {
    expect(() => rssFeed({ title: 'bell \u0007' })).toThrow(/U\+0007.*raw\(\)/);
    expect(() => rssFeed({ title: 'lone \uD800' })).toThrow(/U\+D800/);
    expect(rssFeed({ title: raw('bell \u0007 <b>') })).toContain('<title>bell \u0007 <b></title>');
  });

  it('inserts raw items and extra markup exactly as written', () => {
    const text = rssFeed({ extra: raw('<ttl>x</ttl>'), items: [raw('<item><description>CSTO untitled note</description></item>'), { title: 't', extra: raw('<dc:creator>me</dc:creator>') }] });
    expect(text).toBe('<rss version="2.0"><channel><ttl>x</ttl><item><description>CSTO untitled note</description></item><item><title>t</title><dc:creator>me</dc:creator></item></channel></rss>');
  });

  it('merges JSON-only fields last', () => {
    const parsed = JSON.parse(jsonFeed({ json: { version: 'https://jsonfeed.org/version/1' }, items: [{ title: 't', json: { id: 1 } }] }));
    expect(parsed).toMatchObject({ version: 'https://jsonfeed.org/version/1', items: [{ id: 1, title: 't' }] });
  });
});
