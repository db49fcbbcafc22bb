import { keepXmlChars } from './text/xml-chars.js';

/** A news article as newshound stores it: normalised, plain text for matching, stable id. */
export interface Article {
  /** Stable id derived from GUID, canonical link or content hash (see `articleId`). */
  id: string;
  feedId: string;
  title: string;
  /** Absolute http(s) link to the original, if the entry had one. */
  link?: string;
  /** Plain text (markup removed, entities decoded) used for matching and alerts. */
  summary: string;
  /** ISO 8601 UTC, absent when the entry had no valid date. */
  published?: string;
  author?: string;
  /** Title of the feed the article came from. */
  sourceTitle: string;
  /** ISO 8601 UTC time newshound first saw the article. */
  firstSeen: string;
  /** The story it belongs to (shared/ports/story-assigner.ts); absent on articles stored before stories. */
  storyId?: string;
  /**
   * The main text of the article's page, when the feed carried only a summary and the page was fetched (full text):
   * paragraphs one blank line apart, capped (domain/full-text/page-text.ts). Matched with the summary.
   */
  pageText?: string;
}

/** What a feed parser yields per entry, before it becomes an Article; its text has only characters XML 1.0 and SQS accept. */
export interface FeedEntry {
  id: string;
  title: string;
  link?: string;
  summary: string;
  published?: string;
  author?: string;
  /** The entry's own id as written in the feed (RSS guid, Atom id, JSON Feed id, RDF about), untouched. */
  guid?: string;
  /** Plain text of the full content when the entry has more than its summary (for matching; not stored). */
  content?: string;
}

export interface ParsedFeed {
  feed: {
    title: string;
    link?: string;
    /** RSS <ttl> in minutes, when present. */
    ttlMinutes?: number;
    /** Plain-text description/subtitle, when present. */
    description?: string;
    /** ISO 8601 UTC of the feed's own last-updated date, when valid. */
    updated?: string;
    /** The WebSub hub the document announces (`<atom:link rel="hub">`, JSON Feed `hubs`), resolved. */
    hub?: string;
    /** The feed's own canonical URL (`rel="self"`, JSON Feed `feed_url`): the WebSub topic. */
    self?: string;
  };
  items: FeedEntry[];
  /** Which syntax the document was in. */
  format?: 'rss' | 'rdf' | 'atom' | 'json';
  /** What had to be recovered (not well-formed XML read leniently, …); empty or absent when nothing. */
  warnings?: string[];
  /** Limits that cost items (see domain/feed/feed-limits.ts), for the feed's health; absent when none did. */
  limitsHit?: FeedLimitHit[];
}

export interface FeedLimitHit {
  /** Recorded as the feed's last status: older items dropped, or items refused for an overlong link or id. */
  status: 'too-many-items' | 'item-too-large';
  /** One line naming the limit, e.g. "kept the newest 500 of 20000 items (the limit per feed)". */
  message: string;
}

/**
 * The article of a parsed entry. Entries carry only characters XML 1.0 and SQS accept (parseFeed cleans them);
 * the source title may be the configured one instead of the feed's, so it is cleaned here.
 */
export function toArticle(entry: FeedEntry, feed: { feedId: string; title: string }, now: Date): Article {
  return {
    id: entry.id,
    feedId: feed.feedId,
    title: entry.title,
    ...(entry.link ? { link: entry.link } : {}),
    summary: entry.summary,
    ...(entry.published ? { published: entry.published } : {}),
    ...(entry.author ? { author: entry.author } : {}),
    sourceTitle: keepXmlChars(feed.title),
    firstSeen: now.toISOString(),
  };
}
