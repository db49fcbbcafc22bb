import { describe, expect, it } from 'vitest';
import { assignIds } from '../../../shared/domain/feed/assign-ids.js';
import { articleIdFromIdentity, canonicalLink } from '../../../shared/domain/feed/identity.js';
import type { RawEntry } from '../../../shared/domain/feed/normalise-xml.js';
import { resolveLink } from '../../../shared/domain/feed/links.js';

const entry = (over: Partial<RawEntry>): RawEntry => ({ title: 'CSTO summit opens', summary: 'Leaders meet.', ...over });

describe('canonicalLink', () => {
  it.each([
    ['https://news.example/a?utm_source=rss&utm_medium=feed&id=7#comments', 'https://news.example/a?id=7'],
    ['https://news.example/a?fbclid=x&gclid=y&mc_cid=z', 'https://news.example/a'],
    ['HTTPS://News.Example:443/a', 'https://news.example/a'],
    ['https://news.example/a?id=7&ref=home', 'https://news.example/a?id=7&ref=home'],
    ['javascript:alert(1)', undefined],
    ['ftp://news.example/a', undefined],
  ])('%s → %s', (link, canonical) => {
    expect(canonicalLink(link)).toBe(canonical);
  });
});

describe('resolveLink', () => {
  it.each([
    ['/a/b', 'https://github.com/gulpjs/gulp/releases.atom', 'https://github.com/a/b'],
    ['b', 'http://example.com/test/', 'http://example.com/test/b'],
    ['javascript:alert(1)', 'https://x.example/', undefined],
    [' java\tscript:alert(1)', 'https://x.example/', undefined],
    ['data:text/html,<script>', 'https://x.example/', undefined],
    ['mailto:a@b.c', 'https://x.example/', undefined],
    ['', 'https://x.example/', undefined],
  ])('%j against %s → %s', (href, base, out) => {
    expect(resolveLink(href, base)).toBe(out);
  });
});

describe('assignIds', () => {
  it('makes ids short, URL- and key-safe', () => {
    const [item] = assignIds([entry({ guid: 'tag:example.org,2024:1' })], 'example.org');
    expect(item!.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(item!.id).toBe(articleIdFromIdentity('guid:tag:example.org,2024:1'));
  });

  it('keeps the id when title, date or summary change (no re-alert)', () => {
    const a = assignIds([entry({ guid: '42', link: 'https://n.example/a' })], 'n.example')[0]!;
    const b = assignIds([entry({ guid: '42', link: 'https://n.example/a', title: 'Updated title', summary: 'New text', published: '2024-01-02T00:00:00.000Z' })], 'n.example')[0]!;
    expect(b.id).toBe(a.id);
  });

  it('gives the same article in two feeds the same id (URL guid or link, tracking dropped, http/https alike)', () => {
    const inFeedA = assignIds([entry({ guid: 'https://n.example/story?utm_source=a' })], 'feeds-a.example')[0]!;
    const inFeedB = assignIds([entry({ link: 'http://n.example/story?utm_campaign=b' })], 'feeds-b.example')[0]!;
    expect(inFeedB.id).toBe(inFeedA.id);
  });

  it('scopes opaque GUIDs to the feed host, so "1" in two sites are two articles', () => {
    const a = assignIds([entry({ guid: '1' })], 'a.example')[0]!;
    const b = assignIds([entry({ guid: '1' })], 'b.example')[0]!;
    expect(a.id).not.toBe(b.id);
  });

  it('adds the link where GUIDs repeat in one feed, and title/content where GUID and link both repeat', () => {
    const items = assignIds(
      [
        entry({ guid: 'dup', link: 'https://n.example/1', title: 'One' }),
        entry({ guid: 'dup', link: 'https://n.example/2', title: 'Two' }),
        entry({ guid: 'ep.mp3', link: 'https://n.example/', title: 'Episode A' }),
        entry({ guid: 'ep.mp3', link: 'https://n.example/', title: 'Episode B' }),
      ],
      'n.example',
    );
    expect(new Set(items.map((i) => i.id)).size).toBe(4);
  });

  it('falls back to a hash of title and content, stable across polls', () => {
    const first = assignIds([entry({})], 'n.example')[0]!;
    const again = assignIds([entry({})], 'n.example')[0]!;
    expect(again.id).toBe(first.id);
  });

  it('drops entries with nothing to identify them and later duplicates of an id', () => {
    const items = assignIds([entry({ title: '', summary: '' }), entry({ link: 'https://n.example/x' }), entry({ link: 'https://n.example/x#again' })], 'n.example');
    expect(items).toHaveLength(1);
    expect(items[0]!.link).toBe('https://n.example/x');
  });

  it('gives an untitled entry a title from its summary', () => {
    expect(assignIds([entry({ title: '', summary: 'A long summary '.repeat(20) })], 'n.example')[0]!.title).toMatch(/^A long summary.*…$/);
  });
});
