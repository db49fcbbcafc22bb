import type { FeedBody, ReadFeed } from '../domain/feed/read-feed.js';

export type { FeedBody, ReadFeed } from '../domain/feed/read-feed.js';

/**
 * Decodes, parses and normalises feed bodies within bounded time and memory. Rejects with FeedParseError when the
 * feed is refused (not a feed, malformed beyond recovery, or over a limit: `reason` says which, the message names
 * the limit); any other rejection is a failure of the parser itself, not a verdict on the feed.
 */
export interface FeedParser {
  parse(body: FeedBody): Promise<ReadFeed>;
}
