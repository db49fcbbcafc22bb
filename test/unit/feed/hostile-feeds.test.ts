/**
 * One hostile feed per finding of the security review (test/fixtures/hostile/, written by generate.ts there), each of
 * which froze, crashed or failed a poll for good before parsing was bounded. Nothing here is timed: the first block
 * parses each shape ten times as large as its fixture, which linear parsing does in about a second and the quadratic
 * passes these feeds were made for could not finish in hours (the fixture sizes took them 21 to 227 s; ten times the
 * length, a hundred times the time), so the old code fails by the test's generous timeout. `npm run bench -- --only
 * hostile-parse` measures the times.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed } from '../../../shared/domain/feed/parse-feed.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/hostile/${name}`, import.meta.url), 'utf8');
const parse = (text: string) => parseFeed(text, { feedUrl: 'https://hostile.example/feed' });

async function refusal(text: string): Promise<FeedParseError> {
  const error = await parse(text).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FeedParseError);
  return error as FeedParseError;
}

const rss = (channel: string) => `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example/</link>\n${channel}\n</channel></rss>\n`;
/** Minutes, not seconds: a loaded machine must never fail these; only a parse that does not end does. */
const ENDS_WITHIN = { timeout: 300_000 };

describe('hostile feeds ten times the fixtures\' size parse to the end', () => {
  it('a 1.2 MB title of `<a <a <a …`', ENDS_WITHIN, async () => {
    const parsed = await parse(rss(`<item><guid>run</guid><title>${'&lt;a '.repeat(200_000)}</title></item><item><guid>after</guid></item>`));
    expect(parsed.items.map((i) => i.guid)).toEqual(['run', 'after']);
    expect(parsed.items[0]!.title).toMatch(/^<a <a <a /);
  });

  it('a 3 MB run of `<` in CDATA', ENDS_WITHIN, async () => {
    const parsed = await parse(rss(`<item><guid>run</guid><description><![CDATA[${'<'.repeat(3_000_000)}]]></description></item><item><guid>after</guid></item>`));
    expect(parsed.items.map((i) => i.guid)).toEqual(['run', 'after']);
  });

  it.each([
    ['260,000 unclosed inline XHTML bodies', '<x:body>'.repeat(260_000)],
    ['90,000 unclosed elements, then 90,000 end tags that match none', '<a>'.repeat(90_000) + '</b>'.repeat(90_000)],
  ])('%s: refused at the nesting limit', ENDS_WITHIN, async (_name, body) => {
    expect((await refusal(rss(body))).reason).toBe('too-deep');
  });
});

describe('what hostile feeds come out as', () => {
  it('a title of `<a <a <a …` is text, and the items around it are kept', async () => {
    const parsed = await parse(fixture('html-tag-run.xml'));
    expect(parsed.items.map((i) => i.guid)).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4']);
    expect(parsed.items[2]!.title).toMatch(/^<a <a <a /);
  });

  it('a run of `<` in CDATA is text', async () => {
    const parsed = await parse(fixture('cdata-lt-run.xml'));
    expect(parsed.items).toHaveLength(5);
    expect(parsed.items[2]!.summary).toMatch(/^<<<</);
  });

  it.each(['unclosed-xhtml.xml', 'mismatched-end-tags.xml'])('%s is refused at the nesting limit', async (name) => {
    const error = await refusal(fixture(name));
    expect(error.reason).toBe('too-deep');
    expect(error.message).toMatch(/deeper than 256 levels \(the nesting limit\)/);
  });

  it('entity references are counted after expansion: 67 KB that expands to 21 million characters is refused', async () => {
    const error = await refusal(fixture('entity-expansion.xml'));
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(/expand the document past 20000000 characters \(the document size limit\)/);
  });

  it('overlong fields: the feed title is cut, an item with an overlong link or id is refused, the others are kept', async () => {
    const parsed = await parse(fixture('oversized-fields.xml'));
    expect(parsed.feed.title.length).toBeLessThanOrEqual(501);
    expect(parsed.feed.title).toMatch(/^T+…$/);
    expect(parsed.items.map((i) => i.guid)).toEqual(['item-2', 'item-3', 'item-4']);
    expect(parsed.limitsHit).toEqual([{ status: 'item-too-large', message: 'refused 2 items with a link or id over 4096 characters (the link and id limit)' }]);
    for (const item of parsed.items) expect(JSON.stringify(item).length).toBeLessThan(50_000);
  });

  it('of 600 items, oldest first, the newest 500 are kept, and the feed says so', async () => {
    const parsed = await parse(fixture('many-items.xml'));
    expect(parsed.items).toHaveLength(500);
    expect(parsed.items.map((i) => i.guid)).toEqual(Array.from({ length: 500 }, (_, i) => String(i + 100)));
    expect(parsed.limitsHit).toEqual([{ status: 'too-many-items', message: 'kept the newest 500 of 600 items (the limit is 500 items per feed)' }]);
  });
});
