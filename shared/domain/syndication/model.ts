import type { Article } from '../article.js';
import type { MatchedTerm } from '../topic.js';
import type { FeedKeys } from './feed-paths.js';

/** The part of a Topic a feed shows. */
export interface FeedTopic {
  id: string;
  name: string;
  description?: string;
}

import type { CoverageArticle } from '../story.js';

export type { CoverageArticle };

/** One article in a topic feed, with why it matched and, when known, the rest of its story's coverage. */
export interface TopicFeedItem {
  article: Article;
  matchedAt: string;
  terms: MatchedTerm[];
  coverage?: CoverageArticle[];
}

/** One article in a combined feed, with every topic it matched. */
export interface CombinedFeedItem {
  article: Article;
  matches: { topic: FeedTopic; matchedAt: string; terms: MatchedTerm[] }[];
  coverage?: CoverageArticle[];
}

export interface RenderedFeeds {
  rss: string;
  atom: string;
  json: string;
  /** ISO time of the newest item (the feeds' `updated`), absent for an empty feed. */
  updated?: string;
  itemCount: number;
}

/** A format-neutral feed whose strings are already clean; the renderers only map it onto each format. */
export interface FeedDocument {
  id: string;
  title: string;
  description: string;
  /** Human page for the feed (the index page, anchored). */
  homeUrl: string;
  selfUrls: FeedKeys;
  hubUrl?: string;
  updated: Date;
  items: FeedDocumentItem[];
}

export interface FeedDocumentItem {
  id: string;
  title: string;
  /** The original article, when it had a safe http(s) link. */
  link?: string;
  /** When newshound matched it (the newest match): stable, drives `updated`; items are ordered by publication first. */
  date: Date;
  published?: Date;
  author?: string;
  source: string;
  summary: string;
  contentHtml: string;
  /** Matched terms as words (and topic names in the combined feed), deduplicated. */
  categories: string[];
  matches: { topicId: string; topicName: string; terms: ShownTerm[] }[];
  /** The story's other articles, first seen first (empty for a story of one article). */
  alsoReportedBy: { title: string; source: string; link?: string }[];
}

/** A matched term as readers see it: `term` in words (`Карабаха`), `query` as the topic wrote it (`Карабах*`) when different. */
export interface ShownTerm {
  term: string;
  field: MatchedTerm['field'];
  snippet: string;
  query?: string;
}
