import { COMBINED_FEED_NAME, feedKeys, feedUrls, indexKey, opmlKey, PUBLIC_PREFIX, urlFor, type FeedKeys } from './feed-paths.js';
import type { FeedTopic } from './model.js';
import { cleanLine } from './text.js';

/** One feed as the index page and the OPML file list it. */
export interface FeedListing {
  id: string;
  name: string;
  description?: string;
  urls: FeedKeys;
  /** Human page of the feed (its anchor on the index page). */
  htmlUrl: string;
}

export interface FeedCatalog {
  title: string;
  indexUrl: string;
  opmlUrl: string;
  combined: FeedListing;
  topics: FeedListing[];
}

export interface FeedCatalogInput {
  baseUrl: string;
  /** Default `feeds`. */
  prefix?: string;
  /** Default "newshound feeds". */
  title?: string;
  /** What the combined feed holds; default: every article that matched any topic listed. */
  combinedDescription?: string;
  topics: FeedTopic[];
}

/**
 * Every feed under one prefix, topics in the given order, with their URLs. It depends on configuration only
 * (no dates or counts), so the index page and OPML change only when topics do.
 */
export function feedCatalog(input: FeedCatalogInput): FeedCatalog {
  const prefix = input.prefix ?? PUBLIC_PREFIX;
  const indexUrl = urlFor(input.baseUrl, indexKey(prefix));
  const listing = (id: string, name: string, description: string | undefined): FeedListing => ({
    id,
    name: cleanLine(name),
    ...(description ? { description: cleanLine(description) } : {}),
    urls: feedUrls(input.baseUrl, feedKeys(prefix, id)),
    htmlUrl: `${indexUrl}#${id}`,
  });
  return {
    title: cleanLine(input.title ?? 'newshound feeds'),
    indexUrl,
    opmlUrl: urlFor(input.baseUrl, opmlKey(prefix)),
    combined: listing(COMBINED_FEED_NAME, 'All topics', input.combinedDescription ?? 'Every article that matched any topic below'),
    topics: input.topics.map((topic) => listing(topic.id, topic.name, topic.description)),
  };
}
