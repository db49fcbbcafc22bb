import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed } from '../../../shared/domain/feed/parse-feed.js';
import { atomFeed, jsonFeed, rssFeed } from '../../support/feed-builder.js';

const feedUrl = 'https://news.example/feed.xml';
const parse = (text: string, extra: { contentType?: string; maxItems?: number; maxDepth?: number } = {}) => parseFeed(text, { feedUrl, ...extra });

async function rejection(p: Promise<unknown>): Promise<FeedParseError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FeedParseError);
  return error as FeedParseError;
}

describe('parseFeed formats', () => {
  it.each([
    ['RSS 2.0', rssFeed({ title: 'T', link: 'https://news.example/', ttl: 30, items: [{ title: 'CSTO', link: '/a', id: 'g1', published: new Date('2024-01-01T10:00:00Z') }] }), 'rss'],
    ['RSS without version (read as 2.0)', '<rss><channel><title>T</title><item><title>CSTO</title><link>https://news.example/a</link></item></channel></rss>', 'rss'],
    ['RSS 0.91', '<rss version="0.91"><channel><title>T</title><item><title>CSTO</title><link>https://news.example/a</link></item></channel></rss>', 'rss'],
    ['RSS 1.0 (RDF)', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="x"><title>T</title></channel><item rdf:about="https://news.example/a"><title>CSTO</title><link>https://news.example/a</link><dc:date>2024-01-01T10:00:00Z</dc:date></item></rdf:RDF>', 'rdf'],
    ['Atom 1.0', '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:x</id><title type="html">&lt;b&gt;CSTO&lt;/b&gt;</title><link href="https://news.example/a"/><updated>2024-01-01T10:00:00Z</updated></entry></feed>', 'atom'],
    ['Atom 0.3', '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title><entry><id>urn:x</id><title>CSTO</title><link rel="alternate" href="https://news.example/a"/><issued>2024-01-01T10:00:00Z</issued></entry></feed>', 'atom'],
    ['namespaced Atom', '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>T</a:title><a:entry><a:id>urn:x</a:id><a:title>CSTO</a:title></a:entry></a:feed>', 'atom'],
    ['JSON Feed 1.1', jsonFeed({ title: 'T', items: [{ id: 'x', title: 'CSTO', link: '/a', content: '<p>Hi<script>x()</script></p>', published: '2024-01-01T10:00:00Z' }] }), 'json'],
    ['JSON Feed 1.0', JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'T', items: [{ id: 1, title: 'CSTO', content_text: 'Hi', author: { name: 'A' } }] }), 'json'],
  ])('%s', async (_name, text, format) => {
    const parsed = await parse(text);
    expect(parsed.format).toBe(format);
    expect(parsed.feed.title).toBe('T');
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]!.title).toBe('CSTO');
    for (const item of parsed.items) if (item.link) expect(item.link).toMatch(/^https:\/\/news\.example\//);
  });

  it('normalises RSS: ttl, absolute links, dates, plain-text summary', async () => {
    const parsed = await parse(
      rssFeed({ title: ' T ', ttl: 30, items: [{ title: '  A & B ', link: '/a?utm_source=x', description: '<p>Hello&nbsp;<b>world</b></p>', published: 'Mon, 01 Jan 2024 10:00:00 +0100' }] }),
    );
    expect(parsed.feed).toMatchObject({ title: 'T', ttlMinutes: 30 });
    expect(parsed.items[0]).toMatchObject({ title: 'A & B', link: 'https://news.example/a?utm_source=x', summary: 'Hello world', published: '2024-01-01T09:00:00.000Z' });
  });

  it('resolves links against xml:base (inherited, relative) before the feed URL', async () => {
    const parsed = await parse('<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.com/test/"><title>T</title><entry xml:base="entry/"><title>x</title><link href="rel/uri"/></entry></feed>');
    expect(parsed.items[0]!.link).toBe('http://example.com/test/entry/rel/uri');
  });

  it('drops javascript: and other unsafe links', async () => {
    const parsed = await parse(rssFeed({ title: 'T', link: 'javascript:alert(1)', items: [{ title: 'x', link: 'javascript:alert(1)' }] }));
    expect(parsed.feed.link).toBeUndefined();
    expect(parsed.items[0]!.link).toBeUndefined();
  });

  it('decodes HTML entities XML does not define and windows-1252 references', async () => {
    const parsed = await parse('<rss version="2.0"><channel><title>caf&eacute; &mdash; don&#146;t</title></channel></rss>');
    expect(parsed.feed.title).toBe('café — don’t');
  });

  it('keeps literal angle-bracket text the source escaped in an RSS title and description', async () => {
    const parsed = await parse(
      '<rss version="2.0"><channel><title>T</title><item><title>std::vector&lt;int&gt; and &lt;b&gt;bold&lt;/b&gt;</title>' +
        '<description><![CDATA[<p>Use vector<vector<int>> when x<y and y>z</p>]]></description></item></channel></rss>',
    );
    expect(parsed.items[0]!.title).toBe('std::vector<int> and bold');
    expect(parsed.items[0]!.summary).toBe('Use vector<vector<int>> when x<y and y>z');
  });

  it('reads an Atom text title as text, and an html title as markup whose escaped text stays', async () => {
    const entry = (title: string) => `<entry><id>urn:${title.length}</id>${title}</entry>`;
    const parsed = await parse(
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>' +
        entry('<title type="text">std::vector&lt;int&gt; &lt;b&gt;</title>') +
        entry('<title type="html">&lt;b&gt;std::vector&amp;lt;int&amp;gt;&lt;/b&gt; &lt;int&gt;</title>') +
        '</feed>',
    );
    expect(parsed.items.map((i) => i.title)).toEqual(['std::vector<int> <b>', 'std::vector<int>']);
  });

  it('keeps an invalid date as no date', async () => {
    const parsed = await parse(atomFeed({ title: 'T', items: [{ id: 'urn:1', title: 'x', published: 'yesterday-ish' }] }));
    expect(parsed.items[0]!.published).toBeUndefined();
  });

  it('reads Atom xhtml content in document order', async () => {
    const parsed = await parse('<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Nagorno <b>Karabakh</b> talks</div></title></entry></feed>');
    expect(parsed.items[0]!.title).toBe('Nagorno Karabakh talks');
  });

  it('recovers a truncated document and says so', async () => {
    const parsed = await parse('<rss version="2.0"><channel><title>T</title><item><title>x</title></item></channel></rss');
    expect(parsed.items).toHaveLength(1);
    expect(parsed.warnings?.[0]).toMatch(/read leniently/);
  });

  it('reads a document cut off inside an item, with what it could read', async () => {
    const parsed = await parse('<rss version="2.0"><channel><title>T</title><item><title>first</title></item><item><title>sec');
    expect(parsed.items.map((i) => i.title)).toEqual(['first', 'sec']);
    expect(parsed.warnings).toEqual(['not well-formed XML, read leniently: unclosed element <title> (line 1, column 94)']);
  });
});

describe('parseFeed limits', () => {
  const dated = (n: number) => ({ id: `g${n}`, title: `item ${n}`, published: new Date(Date.UTC(2026, 0, 1, n)) });

  it.each([
    ['RSS', rssFeed({ title: 'T', items: [dated(3), dated(1), dated(4), dated(2)] })],
    ['Atom', atomFeed({ title: 'T', items: [dated(3), dated(1), dated(4), dated(2)].map((i) => ({ ...i, id: `urn:${i.id}` })) })],
    ['JSON Feed', jsonFeed({ title: 'T', items: [dated(3), dated(1), dated(4), dated(2)].map((i) => ({ ...i, published: i.published.toISOString() })) })],
  ])('keeps the newest items of a long %s feed, in document order, and says how many it dropped', async (_format, text) => {
    const parsed = await parse(text, { maxItems: 2 });
    expect(parsed.items.map((i) => i.title)).toEqual(['item 3', 'item 4']);
    expect(parsed.limitsHit).toEqual([{ status: 'too-many-items', message: 'kept the newest 2 of 4 items (the limit is 2 items per feed)' }]);
  });

  it('ranks undated items after dated ones, in document order', async () => {
    const parsed = await parse(rssFeed({ title: 'T', items: [{ id: 'u1', title: 'undated 1' }, dated(1), { id: 'u2', title: 'undated 2' }] }), { maxItems: 2 });
    expect(parsed.items.map((i) => i.title)).toEqual(['undated 1', 'item 1']);
  });

  it('refuses items whose link or id is longer than any real one, and drops an overlong feed link', async () => {
    const long = `https://news.example/${'x'.repeat(5000)}`;
    const parsed = await parse(rssFeed({ title: 'T', link: long, items: [{ id: 'a', title: 'long link', link: long }, { id: 'b'.repeat(5000), title: 'long id' }, { id: 'c', title: 'fine' }] }));
    expect(parsed.feed.link).toBeUndefined();
    expect(parsed.items.map((i) => i.title)).toEqual(['fine']);
    expect(parsed.limitsHit?.[0]?.status).toBe('item-too-large');
  });

  it('cuts the feed title and description at a word, with a marker', async () => {
    const parsed = await parse(rssFeed({ title: 'word '.repeat(200), description: 'more '.repeat(1000), items: [] }));
    expect(parsed.feed.title.length).toBeLessThanOrEqual(501);
    expect(parsed.feed.title).toMatch(/word…$/);
    expect(parsed.feed.description!.length).toBeLessThanOrEqual(2001);
  });

  it('refuses nesting deeper than the limit', async () => {
    const error = await rejection(parse(`<rss><channel>${'<x>'.repeat(20)}${'</x>'.repeat(20)}</channel></rss>`, { maxDepth: 10 }));
    expect(error.reason).toBe('too-deep');
    expect(error.message).toBe('elements nest deeper than 10 levels (the nesting limit)');
  });

  it('counts the document after its entities are expanded', async () => {
    const doc = `<!DOCTYPE rss [<!ENTITY e "${'x'.repeat(1000)}">]><rss version="2.0"><channel><title>${'&e;'.repeat(15)}</title></channel></rss>`;
    expect((await parseFeed(doc, { feedUrl, maxChars: 20_000 })).feed.title).toMatch(/^x+…$/);
    const error = await rejection(parseFeed(doc, { feedUrl, maxChars: 10_000 }));
    expect(error.reason).toBe('too-large');
    expect(error.message).toBe('entity references expand the document past 10000 characters (the document size limit)');
  });
});

describe('parseFeed rejections', () => {
  it.each([
    ['empty', '   ', 'empty'],
    ['HTML page', '<!doctype html><html><body>Not a feed</body></html>', 'not-a-feed'],
    ['plain text', 'hello world', 'not-a-feed'],
    ['JSON that is not a JSON Feed', '{"hello": "world"}', 'not-a-feed'],
    ['broken JSON', '{"version": "https://jsonfeed.org/version/1.1", ', 'malformed'],
    ['garbage markup', '<<<>>>', 'malformed'],
  ])('%s', async (_name, text, reason) => {
    expect((await rejection(parse(text))).reason).toBe(reason);
  });

  it('refuses a document over the size cap', async () => {
    expect((await rejection(parseFeed('<rss>' + ' '.repeat(100) + '</rss>', { feedUrl, maxChars: 50 }))).reason).toBe('too-large');
  });

  it('refuses external entities (XXE)', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>';
    expect((await rejection(parse(xxe))).reason).toBe('entity-declarations');
  });

  it('ends a billion-laughs document fast with bounded memory', async () => {
    const levels = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [${levels.join('')}]><rss version="2.0"><channel><title>&lol9;</title></channel></rss>`;
    const before = process.memoryUsage().heapUsed;
    const error = await rejection(parse(bomb));
    expect(error.reason).toBe('entity-declarations');
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('substitutes a simple declared entity once', async () => {
    const parsed = await parse('<!DOCTYPE rss [<!ENTITY site "Example News">]><rss version="2.0"><channel><title>&site;</title></channel></rss>');
    expect(parsed.feed.title).toBe('Example News');
  });

  it('keeps a public DOCTYPE without an internal subset (Netscape RSS 0.91)', async () => {
    const parsed = await parse('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>T&nbsp;x</title></channel></rss>');
    expect(parsed.feed.title).toBe('T x');
  });
});
