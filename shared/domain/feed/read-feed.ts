import type { ParsedFeed } from '../article.js';
import { decodeFeedBytes } from './decode.js';
import type { FeedLimits } from './feed-limits.js';
import { parseFeedText } from './parse-feed.js';

/** A fetched feed body and what the fetch said about it. */
export interface FeedBody {
  bytes: Uint8Array;
  /** The HTTP Content-Type header, when there was one. */
  contentType?: string;
  /** The URL the body came from (after redirects). */
  feedUrl: string;
  /** The HTTP Content-Location header. */
  contentLocation?: string;
}

export interface ReadFeed {
  parsed: ParsedFeed;
  /** The charset the body was decoded with. */
  encoding: string;
  /** Why declared charsets were overridden (empty when everything agreed). */
  decodeWarnings: string[];
}

/** Decode, parse and normalise one feed body, synchronously (see parseFeedText for what it throws). */
export function readFeed(body: FeedBody, limits: Partial<FeedLimits> = {}): ReadFeed {
  const decoded = decodeFeedBytes(body.bytes, body.contentType);
  const parsed = parseFeedText(decoded.text, {
    ...limits,
    feedUrl: body.feedUrl,
    ...(body.contentType !== undefined ? { contentType: body.contentType } : {}),
    ...(body.contentLocation !== undefined ? { contentLocation: body.contentLocation } : {}),
  });
  return { parsed, encoding: decoded.encoding, decodeWarnings: decoded.warnings ?? [] };
}
