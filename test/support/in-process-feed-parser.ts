import type { FeedLimits } from '../../shared/domain/feed/feed-limits.js';
import { readFeed } from '../../shared/domain/feed/read-feed.js';
import type { FeedParser } from '../../shared/ports/feed-parser.js';

/** The FeedParser contract on the test's own thread: for tests of what uses a parser (the worker pool has tests of its own). */
export function inProcessFeedParser(limits: Partial<FeedLimits> = {}): FeedParser {
  return { parse: async (body) => readFeed(body, limits) };
}
