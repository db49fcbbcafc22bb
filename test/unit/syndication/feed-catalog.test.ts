import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { PAGE_STYLESHEET } from '../../../shared/domain/pages/layout.js';
import { feedCatalog, renderIndexPage, renderOpml } from '../../../shared/domain/syndication/index.js';
import { BASE_URL } from './fixtures.js';
import { expectStrictXml } from './strict-xml.js';

const topics = [
  { id: 'csto', name: 'CSTO', description: 'ОДКБ' },
  { id: 'evil', name: '<script>alert("x")</script> & co', description: '"><img src=x onerror=alert(1)>' },
];

describe('feed index page', () => {
  const html = renderIndexPage(feedCatalog({ baseUrl: BASE_URL, topics }));

  it('lists the combined feed and every topic with each format and autodiscovery links', () => {
    for (const id of ['all', 'csto', 'evil']) {
      for (const ext of ['xml', 'atom', 'json']) expect(html).toContain(`href="${BASE_URL}/feeds/${id}.${ext}"`);
      expect(html).toContain(`<link rel="alternate" type="application/rss+xml" title="`);
      expect(html).toContain(`<li id="${id}">`);
    }
    expect(html).toContain(`href="${BASE_URL}/feeds/topics.opml"`);
  });

  it('looks like the other pages: their stylesheet, a site header and a main landmark', () => {
    expect(html).toContain(`<style>${PAGE_STYLESHEET}</style>`);
    expect(html).toContain('<header class="site">');
    expect(html).toContain('<main id="main">');
  });

  it('escapes names and descriptions', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  it('partner catalogs point under the private prefix', () => {
    const page = renderIndexPage(feedCatalog({ baseUrl: BASE_URL, prefix: 'feeds/private/tok', topics: [topics[0]!], title: 'newshound feeds for acme' }));
    expect(page).toContain(`${BASE_URL}/feeds/private/tok/csto.atom`);
    expect(page).not.toContain(`${BASE_URL}/feeds/csto.atom`);
  });
});

describe('OPML', () => {
  const opml = renderOpml(feedCatalog({ baseUrl: BASE_URL, topics }));

  it('is strict XML listing every feed, attributes round-tripping exactly', () => {
    expectStrictXml(opml);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(opml) as { opml: { version: string; body: { outline: Record<string, string>[] } } };
    expect(parsed.opml.version).toBe('2.0');
    expect(parsed.opml.body.outline.map((o) => [o.text, o.xmlUrl])).toEqual([
      ['All topics', `${BASE_URL}/feeds/all.xml`],
      ['CSTO', `${BASE_URL}/feeds/csto.xml`],
      ['<script>alert("x")</script> & co', `${BASE_URL}/feeds/evil.xml`],
    ]);
    expect(parsed.opml.body.outline[2]!.description).toBe('"><img src=x onerror=alert(1)>');
    expect(parsed.opml.body.outline[1]!.htmlUrl).toBe(`${BASE_URL}/feeds/index.html#csto`);
  });
});
