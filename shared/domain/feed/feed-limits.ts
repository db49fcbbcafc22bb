/**
 * What one feed may cost. Parsing is linear in the document's length; these bound the length itself (after entity
 * expansion, which is where a small document grows), the nesting, the items kept and every stored field, so that
 * neither the parse nor what it stores (an article is one DynamoDB item, at most 400 KB) depends on a feed's good will.
 */
export interface FeedLimits {
  /** Characters of the decoded document, and again once its entity references are resolved. */
  maxChars: number;
  /** Items kept per feed: the newest (see newest-items.ts); the rest are dropped and the poll says so. */
  maxItems: number;
  /** Element nesting (feeds nest a handful of levels; inline XHTML is read as markup, not as elements). */
  maxDepth: number;
}

export const DEFAULT_FEED_LIMITS: FeedLimits = {
  // Twice the fetcher's 10 MB body cap: room for a legitimate DOCTYPE entity or two, not for an expansion attack.
  maxChars: 20_000_000,
  // A feed's window is tens of items; 500 is what the poll remembers as recent ids, and bounds the writes of one poll.
  maxItems: 500,
  maxDepth: 256,
};

/**
 * Longest text kept per field, in characters. Text is cut at a word with a trailing "…" (readers lose the tail of an
 * overlong summary, nothing else). Links and ids are never cut: a cut link leads elsewhere and a cut id names another
 * article, so an item whose link or id is longer is refused (counted in the feed's health); a feed link that long is dropped.
 */
export const FIELD_LIMITS = {
  /** Markup read per field before it becomes text: far beyond any kept text, it bounds the work and memory of one field. */
  markup: 1_000_000,
  title: 1000,
  summary: 8000,
  content: 32_000,
  author: 200,
  link: 4096,
  id: 4096,
  feedTitle: 500,
  feedDescription: 2000,
} as const;
