import { describe, expect, it } from 'vitest';
import { toArticle, type ParsedFeed } from '../../../shared/domain/article.js';
import { parseFeed } from '../../../shared/domain/feed/parse-feed.js';
import { isXmlChars } from '../../../shared/domain/text/xml-chars.js';

const feedUrl = 'https://news.example/feed.xml';
const parse = (text: string) => parseFeed(text, { feedUrl });

/** Every string in the parsed feed, with where it is. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

const expectClean = (parsed: ParsedFeed) => {
  const dirty = strings(parsed).filter(([, s]) => !isXmlChars(s));
  expect(dirty).toEqual([]);
};

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const jsonFeed = (item: Record<string, unknown>, feed: Record<string, unknown> = {}) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', ...feed, items: [item] });

describe('parseFeed: feed text enters the domain with only characters SQS and XML 1.0 accept', () => {
  it.each([
    ['RSS numeric references', '<rss version="2.0"><channel><title>Src&#xFFFE;</title><description>d&#x1;</description><item><guid>g&#xFFFF;1</guid><title>CSTO &#xFFFE;summit&#x1;</title><author>Ann&#x2;</author><link>https://news.example/1&#xFFFE;</link></item></channel></rss>', { title: 'CSTO summit', author: 'Ann', guid: 'g1', link: 'https://news.example/1' }, { title: 'Src', description: 'd' }],
    ['RSS raw characters in CDATA', '<rss version="2.0"><channel><title>S</title><item><guid>g</guid><title><![CDATA[CSTO\uFFFE \u0001summit]]></title></item></channel></rss>', { title: 'CSTO summit' }, { title: 'S' }],
    ['RSS escaped HTML decoding to references', '<rss version="2.0"><channel><title>S</title><item><guid>g</guid><title>t</title><description>&lt;b&gt;bold&amp;#xFFFF;&lt;/b&gt; text&amp;#1;</description></item></channel></rss>', { summary: 'bold text' }, { title: 'S' }],
    ['Atom 0.3 base64 content', `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title><entry><id>urn:x</id><title>t</title><content mode="base64" type="text/plain">${base64('CSTO\u0001 summit\uFFFE')}</content></entry></feed>`, { summary: 'CSTO summit' }, { title: 'T' }],
    ['JSON Feed escapes', jsonFeed({ id: 'i\uD800', url: 'https://news.example/a', title: 'a\uFFFEb', summary: 's\u0001', content_text: 'c\uD800d', authors: [{ name: 'N\uFFFF' }] }, { title: 'J\uFFFE', description: 'D\u0001' }), { guid: 'i', title: 'ab', summary: 's', content: 'cd', author: 'N' }, { title: 'J', description: 'D' }],
    ['JSON Feed HTML content', jsonFeed({ id: 'x', content_html: '<p>CSTO&#xFFFE; <b>summit</b>&#1;</p>' }), { summary: 'CSTO summit' }, { title: 'T' }],
  ])('%s', async (_name, text, item, feed) => {
    const parsed = await parse(text);
    expectClean(parsed);
    expect(parsed.items[0]).toMatchObject(item);
    expect(parsed.feed).toMatchObject(feed);
  });

  it('a title cut in the middle of a surrogate pair keeps no half of it', async () => {
    const title = `${'x'.repeat(999)}😀 and more`;
    const parsed = await parse(jsonFeed({ id: 'x', title }));
    expectClean(parsed);
    expect(parsed.items[0]!.title).toBe(`${'x'.repeat(999)}…`);
  });

  it('keeps what is allowed: emoji, C1, tab, newline, Cyrillic', async () => {
    const parsed = await parse(jsonFeed({ id: 'x', title: 'Карабах 😀', content_text: 'line one\n\tline two \u0085' }));
    expect(parsed.items[0]).toMatchObject({ title: 'Карабах 😀', summary: 'line one line two \u0085' });
  });

  it('derives ids from the text as the feed wrote it, so no stored article changes id', async () => {
    const dirty = await parse(jsonFeed({ title: 'CSTO\uFFFE summit', content_text: 'no id, no link' }));
    const clean = await parse(jsonFeed({ title: 'CSTO summit', content_text: 'no id, no link' }));
    expect(dirty.items[0]!.title).toBe(clean.items[0]!.title);
    expect(dirty.items[0]!.id).not.toBe(clean.items[0]!.id);
  });
});

describe('toArticle', () => {
  it('keeps articles clean, a configured source title included', async () => {
    const parsed = await parse(jsonFeed({ id: 'x', title: 'CSTO\uFFFE' }));
    const article = toArticle(parsed.items[0]!, { feedId: 'f', title: 'Configured\u0001 title\uFFFF' }, new Date('2026-11-20T10:00:00Z'));
    expect(article).toMatchObject({ title: 'CSTO', sourceTitle: 'Configured title' });
    expect(strings(article).filter(([, s]) => !isXmlChars(s))).toEqual([]);
  });
});
