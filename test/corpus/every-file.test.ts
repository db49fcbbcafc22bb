/**
 * Every file of the third-party corpus goes through decode → parse → normalise: no crash, no hang,
 * no unhandled rejection; each is parsed or rejected with a reason. Parsed output keeps the
 * invariants the rest of newshound relies on.
 */
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../shared/domain/feed/decode.js';
import { FeedParseError, parseFeed } from '../../shared/domain/feed/parse-feed.js';
import { listCorpus, readCorpus } from '../support/corpus.js';

const feeds = listCorpus().filter((f) => !/(^|\/)(LICENSE|README\.md)$/.test(f) && !f.includes('/output/') && !f.includes('_derived/'));
/** Documents that are not one of the formats we read (CDF) are rejected, by design. */
const EXPECTED_REJECTIONS = new Set(['feedparser/tests/wellformed/base/cdf_item_abstract_xml_base.xml']);

describe('every corpus file', () => {
  it('finds the corpus', () => {
    expect(feeds.length).toBeGreaterThan(400);
  });

  it.each(feeds)('%s parses or is rejected with a reason', async (file) => {
    const bytes = readCorpus(file);
    const contentType = /^\s*Header:\s*Content-type:\s*(.*?)\s*$/im.exec(Buffer.from(bytes).toString('latin1'))?.[1];
    const decoded = decodeFeedBytes(bytes, contentType);
    const outcome = await parseFeed(decoded.text, { feedUrl: `http://127.0.0.1:8097/${file}`, contentType }).then(
      (parsed) => ({ parsed }),
      (error: unknown) => ({ error }),
    );
    if ('error' in outcome) {
      expect(outcome.error).toBeInstanceOf(FeedParseError);
      expect((outcome.error as FeedParseError).reason).toBeTruthy();
      expect(EXPECTED_REJECTIONS.has(file), `unexpected rejection: ${(outcome.error as Error).message}`).toBe(true);
      return;
    }
    expect(EXPECTED_REJECTIONS.has(file)).toBe(false);
    const { parsed } = outcome;
    const ids = new Set<string>();
    for (const item of parsed.items) {
      expect(item.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(ids.has(item.id)).toBe(false);
      ids.add(item.id);
      if (item.link) expect(item.link).toMatch(/^https?:\/\//);
      if (item.published) expect(new Date(item.published).toISOString()).toBe(item.published);
      expect(item.title).toBe(item.title.trim());
      expect(item.summary).toBe(item.summary.trim());
      expect(item.summary).not.toMatch(/<script/i);
    }
    if (parsed.feed.link) expect(parsed.feed.link).toMatch(/^https?:\/\//);
    // Nothing decodable came out as U+FFFD (the corpus sources are all decodable).
    expect(decoded.text.includes('\uFFFD'), `U+FFFD after decoding as ${decoded.encoding}`).toBe(false);
  });
});
