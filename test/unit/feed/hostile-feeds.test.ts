/**
 * One hostile feed per finding of the security review (test/fixtures/hostile/, written by generate.ts there), each of
 * which froze, crashed or failed a poll for good before parsing was bounded. Time is compared with an ordinary feed of
 * the same length parsed in the same run, never with a clock: linear parsing keeps them within a small factor, the
 * quadratic passes these feeds were made for took 35 to 200 times as long.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed } from '../../../shared/domain/feed/parse-feed.js';
import { benignFeedOfLength, fastestParse } from '../../support/parse-time.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/hostile/${name}`, import.meta.url), 'utf8');
const parse = (text: string) => parseFeed(text, { feedUrl: 'https://hostile.example/feed' });
/** Generous: a parse that is linear in the length stays within a few times the ordinary feed's time. */
const SAME_LENGTH_FACTOR = 20;

async function refusal(text: string): Promise<FeedParseError> {
  const error = await parse(text).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FeedParseError);
  return error as FeedParseError;
}

describe('hostile feeds parse in time proportional to their length', () => {
  it.each(['html-tag-run.xml', 'cdata-lt-run.xml', 'unclosed-xhtml.xml', 'mismatched-end-tags.xml'])('%s', async (name) => {
    const text = fixture(name);
    const benign = benignFeedOfLength(text.length);
    await fastestParse(benign, 2); // warm up the parser's code before timing either
    const hostileMs = await fastestParse(text);
    const benignMs = await fastestParse(benign);
    expect(hostileMs, `${name}: ${hostileMs.toFixed(1)} ms against ${benignMs.toFixed(1)} ms for an ordinary feed as long`).toBeLessThan(SAME_LENGTH_FACTOR * benignMs);
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
