/**
 * Structure-aware fuzzing of the parser (generators in test/support/hostile-markup.ts: runs of tag, attribute,
 * entity, CDATA, comment and declaration pieces, placed raw, escaped, in CDATA, in Atom XHTML, beside a declared
 * entity, in JSON Feed HTML). Whatever the run, a parse ends in a feed within the limits or a FeedParseError naming
 * why; never another error. How long they take is measured in bench/hostile-parse.bench.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_LIMITS } from '../../../shared/domain/feed/feed-limits.js';
import { FeedParseError, parseFeed } from '../../../shared/domain/feed/parse-feed.js';
import { hostileDocument } from '../../support/hostile-markup.js';

describe('parsing fuzzed hostile documents', () => {
  it('ends in a feed within the field limits or a FeedParseError', async () => {
    await fc.assert(
      fc.asyncProperty(hostileDocument(8 * 1024), async ({ text }) => {
        let parsed;
        try {
          parsed = await parseFeed(text, { feedUrl: 'https://fuzz.example/feed' });
        } catch (error) {
          expect(error).toBeInstanceOf(FeedParseError);
          expect((error as FeedParseError).message.length).toBeGreaterThan(0);
          return;
        }
        expect(parsed.feed.title.length).toBeLessThanOrEqual(FIELD_LIMITS.feedTitle + 1);
        for (const item of parsed.items) {
          expect(item.title.length).toBeLessThanOrEqual(FIELD_LIMITS.title + 1);
          expect(item.summary.length).toBeLessThanOrEqual(FIELD_LIMITS.summary + 1);
          expect(item.link?.length ?? 0).toBeLessThanOrEqual(FIELD_LIMITS.link);
        }
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
