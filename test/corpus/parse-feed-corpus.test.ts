import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../shared/domain/feed/decode.js';
import { parseFeed } from '../../shared/domain/feed/parse-feed.js';
import { readCorpus } from '../support/corpus.js';

describe('parseFeed on corpus feeds', () => {
  const load = (name: string) => decodeFeedBytes(readCorpus('rss-parser', 'test', 'input', name)).text;

  it('resolves gulp-atom relative links against the feed URL', async () => {
    const parsed = await parseFeed(load('gulp-atom.atom'), { feedUrl: 'https://github.com/gulpjs/gulp/releases.atom' });
    expect(parsed.items[0]!.link).toBe('https://github.com/gulpjs/gulp/releases/tag/v3.9.0');
  });

  it('keeps both items of itunes-missing-image whose guid (and link) repeat', async () => {
    const parsed = await parseFeed(load('itunes-missing-image.rss'), { feedUrl: 'http://taverncast.com/feed' });
    expect(parsed.items).toHaveLength(131);
    expect(parsed.items.filter((i) => i.guid === 'http://taverncast.com/shows/geekistry-2.mp3')).toHaveLength(2);
  });

  it('gives RSS 1.0 items without guid ids from rdf:about (craigslist)', async () => {
    const parsed = await parseFeed(load('craigslist.rss'), { feedUrl: 'https://sfbay.craigslist.org/search/apa?format=rss' });
    expect(parsed.items.length).toBeGreaterThan(0);
    expect(parsed.items.every((i) => i.guid?.startsWith('http://sfbay.craigslist.org/'))).toBe(true);
  });

  it('decodes named entities inside CDATA and trims padded titles (itunes-href)', async () => {
    const parsed = await parseFeed(load('itunes-href.rss'), { feedUrl: 'http://x.example/' });
    expect(parsed.items[0]!.title).toMatch(/^Manager bewertet Transfers .*„fast so viel wie mein Kader“$/);
    expect(parsed.items.every((i) => !/&[a-z]+;/.test(i.summary))).toBe(true);
  });

  it('reads the ISO-8859-1 heraldsun feed (no guids) with stable ids', async () => {
    const text = load('heraldsun.rss');
    const a = await parseFeed(text, { feedUrl: 'http://x.example/' });
    const b = await parseFeed(text, { feedUrl: 'http://x.example/' });
    expect(a.items.map((i) => i.id)).toEqual(b.items.map((i) => i.id));
  });

  it('agrees with bare rss-parser on item count and titles where rss-parser reads the feed', async () => {
    for (const name of ['reddit.rss', 'heise.atom', 'guardian.rss', 'content-encoded.rss']) {
      const text = load(name);
      const ours = await parseFeed(text, { feedUrl: 'https://x.example/' });
      const theirs = await new Parser().parseString(text);
      expect(ours.items.length, name).toBe(theirs.items.length);
      expect(ours.items[0]!.title, name).toBe((theirs.items[0]!.title ?? '').replace(/\s+/g, ' ').trim());
    }
  });
});
