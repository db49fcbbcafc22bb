import { decodeHTML } from 'entities';
import { XMLParser } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { buildCombinedFeeds, buildTopicFeeds, type CombinedFeedItem, type TopicFeedItem } from '../../../shared/domain/syndication/index.js';
import { compileTopics, matchArticle } from '../../../shared/domain/topics/index.js';
import { anArticle } from '../../support/factories.js';
import { BASE_URL, feedTopic, goldenTopics, HUB_URL, nastyTitles, topicItems } from './fixtures.js';
import { expectStrictXml } from './strict-xml.js';

const csto = feedTopic(goldenTopics[0]!);
const karabakh = feedTopic(goldenTopics[1]!);
const attributes = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['entry', 'link', 'category', 'item'].includes(name) });

type AtomEntry = { title: { '#text': string }; id: string; link: { '@_href': string }[]; category: { '@_term': string; '@_label': string }[] };

function nastyFeeds(title: string) {
  const article = anArticle({ id: 'nasty-1', title, summary: `Summary: ${title}`, author: title, sourceTitle: title });
  return buildTopicFeeds({
    topic: { id: 'nasty', name: title, description: title },
    items: [{ article, matchedAt: '2026-11-20T10:00:00.000Z', terms: [{ term: title, field: 'title', snippet: title }] }],
    baseUrl: BASE_URL,
    hubUrl: HUB_URL,
  });
}

describe('buildTopicFeeds: nasty titles round-trip through rss-parser and a strict XML check', () => {
  it.each(nastyTitles)('RSS 2.0 keeps $title', async ({ title, expected }) => {
    const { rss } = nastyFeeds(title);
    expectStrictXml(rss);
    const feed = await new Parser().parseString(rss);
    expect(feed.title).toBe(`newshound: ${expected}`);
    expect(feed.description).toBe(expected);
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]!.title).toBe(expected);
    expect(feed.items[0]!.categories).toEqual([expected]);
  });

  it.each(nastyTitles)('Atom 1.0 keeps $title (type="html" titles decode to it)', async ({ title, expected }) => {
    const { atom } = nastyFeeds(title);
    expectStrictXml(atom);
    const feed = await new Parser().parseString(atom);
    expect(feed.title).toBe(`newshound: ${expected}`);
    expect(decodeHTML(feed.items[0]!.title!)).toBe(expected);
    const entry = (attributes.parse(atom) as { feed: { entry: AtomEntry[] } }).feed.entry[0]!;
    expect(entry.category.map((c) => [c['@_term'], c['@_label']])).toEqual([[expected, expected]]);
  });

  it.each(nastyTitles)('JSON Feed 1.1 keeps $title', ({ title, expected }) => {
    const json = JSON.parse(nastyFeeds(title).json);
    expect(json.title).toBe(`newshound: ${expected}`);
    expect(json.items[0].title).toBe(expected);
    expect(json.items[0].tags).toEqual([expected]);
    expect(json.items[0].authors).toEqual([{ name: expected }]);
  });
});

describe('buildTopicFeeds', () => {
  const input = { topic: csto, items: topicItems('csto'), baseUrl: BASE_URL, hubUrl: HUB_URL };

  it('is byte-stable: same input, shuffled input and a different generatedAt give identical bytes', () => {
    const first = buildTopicFeeds(input);
    expect(buildTopicFeeds(input)).toEqual(first);
    expect(buildTopicFeeds({ ...input, items: [...input.items].reverse() })).toEqual(first);
    expect(buildTopicFeeds({ ...input, generatedAt: new Date('2030-01-01T00:00:00Z') })).toEqual(first);
  });

  it('takes `updated` from the newest match and orders items newest first', async () => {
    const feeds = buildTopicFeeds(input);
    expect(feeds.updated).toBe('2026-11-20T09:35:01.000Z');
    expect(feeds.itemCount).toBe(3);
    const rss = await new Parser().parseString(feeds.rss);
    expect(rss.lastBuildDate).toBe('Fri, 20 Nov 2026 09:35:01 GMT');
    expect(rss.items.map((i) => i.pubDate)).toEqual(['Fri, 20 Nov 2026 09:30:00 GMT', 'Fri, 20 Nov 2026 08:00:00 GMT', 'Thu, 19 Nov 2026 12:00:01 GMT']);
    const atom = await new Parser().parseString(feeds.atom);
    expect(feeds.atom).toContain('<updated>2026-11-20T09:35:01.000Z</updated>');
    expect(atom.items.map((i) => i.pubDate)).toEqual(['2026-11-20T09:30:00.000Z', '2026-11-20T08:00:00.000Z', '2026-11-19T12:00:01.000Z']);
  });

  it('orders articles matched in one poll by publication, newest first; a future date counts as the match time', async () => {
    const matchedAt = '2026-11-21T12:00:00.000Z';
    const item = (id: string, published: string | undefined, firstSeen = matchedAt): TopicFeedItem => {
      const { published: _default, ...article } = anArticle({ id, title: id, firstSeen });
      return { article: published ? { ...article, published } : article, matchedAt, terms: [{ term: 'CSTO', field: 'title', snippet: id }] };
    };
    const items = [
      item('a-oldest', '2026-11-19T08:00:00.000Z'),
      item('b-future', '2099-01-01T00:00:00.000Z'),
      item('c-newest', '2026-11-21T11:00:00.000Z'),
      item('d-undated', undefined, '2026-11-20T00:00:00.000Z'),
      item('e-middle', '2026-11-20T10:00:00.000Z'),
    ];
    const feeds = buildTopicFeeds({ ...input, items });
    const order = ['b-future', 'c-newest', 'e-middle', 'd-undated', 'a-oldest'];
    expect(JSON.parse(feeds.json).items.map((i: { title: string }) => i.title)).toEqual(order);
    expect((await new Parser().parseString(feeds.rss)).items.map((i) => i.title)).toEqual(order);
    expect((await new Parser().parseString(feeds.atom)).items.map((i) => i.title)).toEqual(order);
    expect(feeds.updated).toBe(matchedAt);
    const combined = buildCombinedFeeds({ topics: [csto], items: toCombined(csto, items), baseUrl: BASE_URL });
    expect(JSON.parse(combined.json).items.map((i: { title: string }) => i.title)).toEqual(order);
  });

  it('dates a feed by its newest match, even when that article was published earlier than another', () => {
    const early = { article: anArticle({ id: 'late-match', title: 'late', published: '2026-11-01T00:00:00.000Z' }), matchedAt: '2026-11-22T00:00:00.000Z', terms: [] };
    const late = { article: anArticle({ id: 'early-match', title: 'early', published: '2026-11-10T00:00:00.000Z' }), matchedAt: '2026-11-10T00:05:00.000Z', terms: [] };
    const feeds = buildTopicFeeds({ ...input, items: [early, late] });
    expect(feeds.updated).toBe('2026-11-22T00:00:00.000Z');
    expect(JSON.parse(feeds.json).items.map((i: { title: string }) => i.title)).toEqual(['early', 'late']);
  });

  it('an empty feed is stable too: updated is generatedAt, else the epoch', () => {
    const empty = buildTopicFeeds({ ...input, items: [] });
    expect(empty.itemCount).toBe(0);
    expect(empty.updated).toBeUndefined();
    expect(empty.atom).toContain('<updated>1970-01-01T00:00:00.000Z</updated>');
    expect(buildTopicFeeds({ ...input, items: [], generatedAt: '2026-01-02T03:04:05.000Z' }).atom).toContain('<updated>2026-01-02T03:04:05.000Z</updated>');
  });

  it('gives each article the same stable id in every format and every feed', async () => {
    const feeds = buildTopicFeeds(input);
    const rss = await new Parser().parseString(feeds.rss);
    const atom = await new Parser().parseString(feeds.atom);
    const json = JSON.parse(feeds.json);
    const ids = rss.items.map((i) => i.guid);
    expect(ids.every((id) => /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id!))).toBe(true);
    expect(atom.items.map((i) => i.id)).toEqual(ids);
    expect(json.items.map((i: { id: string }) => i.id)).toEqual(ids);
    const combined = JSON.parse(buildCombinedFeeds({ topics: [csto], items: toCombined(csto, topicItems('csto')), baseUrl: BASE_URL }).json);
    expect(combined.items.map((i: { id: string }) => i.id)).toEqual(ids);
  });

  it('declares self and hub links in every format', () => {
    const feeds = buildTopicFeeds(input);
    expect(feeds.rss).toContain('<atom:link href="https://news.example.org/feeds/csto.xml" rel="self" type="application/rss+xml"/>');
    expect(feeds.rss).toContain('<atom:link href="https://hub.example.org/" rel="hub"/>');
    expect(feeds.atom).toContain('<link rel="self" href="https://news.example.org/feeds/csto.atom"/>');
    expect(feeds.atom).toContain('<link rel="hub" href="https://hub.example.org/"/>');
    const json = JSON.parse(feeds.json);
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.feed_url).toBe('https://news.example.org/feeds/csto.json');
    expect(json.hubs).toEqual([{ type: 'WebSub', url: HUB_URL }]);
    expect(buildTopicFeeds({ ...input, hubUrl: undefined }).rss).not.toContain('rel="hub"');
  });

  it('every item names its matched terms as categories and in the content, with link, source and published time', async () => {
    const feeds = buildTopicFeeds(input);
    const rss = await new Parser().parseString(feeds.rss);
    const first = rss.items[0]!;
    expect(first.categories).toEqual(['CSTO', 'Collective Security Treaty Organization']);
    expect(first.link).toBe('https://world-wire.example/news/csto-summit-minsk?utm_source=x&ref=rss');
    expect(first['content:encoded']).toContain('<strong>CSTO</strong> in title — “CSTO leaders meet in Minsk”');
    expect(first['content:encoded']).toContain('<strong>Collective Security Treaty Organization</strong> in text');
    expect(first['content:encoded']).toContain('Source: World Wire');
    expect(first['content:encoded']).toContain('<time datetime="2026-11-20T09:30:00.000Z">');
    expect(first.content).toContain('Heads of state');
    const json = JSON.parse(feeds.json);
    expect(json.items[0]._newshound.matches[0].terms.map((t: { term: string }) => t.term)).toEqual(['CSTO', 'Collective Security Treaty Organization']);
    expect(json.items[0].date_published).toBe('2026-11-20T09:30:00.000Z');
  });

  it('shows matched terms as words, not query syntax, in categories, JSON Feed tags and the content', async () => {
    const topics = compileTopics([{ id: 'csto', query: '"Collective Security Treaty Organization" OR Карабах* OR "AT&T*"' }]);
    const article = anArticle({ id: 'words', title: 'Collective Security Treaty Organization on Карабаха', summary: 'AT&T’s view' });
    const matched = matchArticle(topics, { title: article.title, text: article.summary })[0]!.terms;
    const stored = { term: 'Карабах*', field: 'text' as const, snippet: 'recorded before words were kept' };
    const feeds = buildTopicFeeds({ ...input, items: [{ article, matchedAt: '2026-11-21T00:00:00.000Z', terms: [...matched, stored] }] });
    const words = ['Collective Security Treaty Organization', 'Карабаха', 'AT&T', 'Карабах'];
    expectStrictXml(feeds.rss);
    expectStrictXml(feeds.atom);
    const rss = (await new Parser().parseString(feeds.rss)).items[0]!;
    expect(rss.categories).toEqual(words);
    expect(rss['content:encoded']).toContain('<strong>Карабаха</strong> in title');
    expect(rss['content:encoded']).toContain('<strong>AT&amp;T</strong> in text');
    const entry = (attributes.parse(feeds.atom) as { feed: { entry: AtomEntry[] } }).feed.entry[0]!;
    expect(entry.category.map((c) => decodeHTML(c['@_term']))).toEqual(words);
    const json = JSON.parse(feeds.json).items[0];
    expect(json.tags).toEqual(words);
    expect(json._newshound.matches[0].terms.map((t: { term: string; query?: string }) => [t.term, t.query])).toEqual([
      ['Collective Security Treaty Organization', '"Collective Security Treaty Organization"'],
      ['Карабаха', 'Карабах*'],
      ['AT&T', '"AT&T*"'],
      ['Карабах', 'Карабах*'],
    ]);
    for (const shown of [feeds.rss, feeds.atom, json.content_html]) expect(shown).not.toMatch(/&quot;Collective|[^=]"Collective|Карабах\*/);
  });

  it('escapes markup from articles in the HTML content and drops unsafe links', async () => {
    const article = anArticle({ summary: '<script>alert(1)</script>', sourceTitle: '<img src=x onerror=alert(1)>', link: 'javascript:alert(1)' });
    const feeds = buildTopicFeeds({ ...input, items: [{ article, matchedAt: '2026-11-20T10:00:00Z', terms: [{ term: '<b>', field: 'text', snippet: '<i>x</i>' }] }] });
    const rss = await new Parser().parseString(feeds.rss);
    const html = rss.items[0]!['content:encoded'] as string;
    expect(html).not.toMatch(/<script|<img|<b>|<i>/);
    expect(html).toContain('&lt;script&gt;');
    expect(rss.items[0]!.link).toBeUndefined();
    expect(feeds.rss).not.toContain('javascript:');
    // Atom needs a link on every entry: without an original it points at the feed's page.
    expect((await new Parser().parseString(feeds.atom)).items[0]!.link).toBe('https://news.example.org/feeds/index.html#csto');
  });

  it('partner feeds live under their prefix, with their own ids and no hub', () => {
    const prefix = 'feeds/private/tok';
    const partner = buildTopicFeeds({ ...input, hubUrl: undefined, prefix, scope: 'partner:acme' });
    const pub = buildTopicFeeds(input);
    expect(partner.rss).toContain('https://news.example.org/feeds/private/tok/csto.xml');
    expect(JSON.parse(partner.json).hubs).toBeUndefined();
    const feedId = (atom: string) => /<feed[^>]*>\s*<id>([^<]+)<\/id>/.exec(atom)?.[1];
    expect(feedId(partner.atom)).toMatch(/^urn:uuid:/);
    expect(feedId(partner.atom)).not.toBe(feedId(pub.atom));
  });
});

function toCombined(topic: typeof csto, items: TopicFeedItem[]): CombinedFeedItem[] {
  return items.map((i) => ({ article: i.article, matches: [{ topic, matchedAt: i.matchedAt, terms: i.terms }] }));
}

describe('buildCombinedFeeds', () => {
  const items: CombinedFeedItem[] = [...toCombined(csto, topicItems('csto')), ...toCombined(karabakh, topicItems('nagorno-karabakh'))];

  it('one item per article, naming every topic and term it matched', async () => {
    const feeds = buildCombinedFeeds({ topics: [csto, karabakh], items, baseUrl: BASE_URL, hubUrl: HUB_URL });
    expectStrictXml(feeds.rss);
    expectStrictXml(feeds.atom);
    const rss = await new Parser().parseString(feeds.rss);
    expect(rss.items).toHaveLength(3);
    const karabakhItem = rss.items.find((i) => i.title?.startsWith('Переговоры'))!;
    expect(karabakhItem.categories).toEqual(['CSTO', 'ОДКБ', 'Nagorno-Karabakh', 'Nagorno Karabakh']);
    expect(karabakhItem['content:encoded']).toContain('CSTO: <strong>ОДКБ</strong> in text');
    expect(karabakhItem['content:encoded']).toContain('Nagorno-Karabakh: <strong>Nagorno Karabakh</strong> in title');
    // The newest of its matches dates the item.
    expect(JSON.parse(feeds.json).items[1].date_modified).toBe('2026-11-20T08:10:02.000Z');
    expect(rss.feedUrl).toBe('https://news.example.org/feeds/all.xml');
  });

  it('is byte-stable whatever order the items arrive in', () => {
    const a = buildCombinedFeeds({ topics: [csto, karabakh], items, baseUrl: BASE_URL });
    const b = buildCombinedFeeds({ topics: [csto, karabakh], items: [...items].reverse(), baseUrl: BASE_URL });
    expect(b).toEqual(a);
  });
});
