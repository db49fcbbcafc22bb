import { toArticle, type FeedEntry } from '../domain/article.js';
import type { FeedSource } from '../domain/feed-source.js';
import { FeedParseError, type FeedParseReason } from '../domain/feed/feed-parse-error.js';
import type { FeedBody, ReadFeed } from '../domain/feed/read-feed.js';
import { matchWithPage } from '../domain/full-text/match-with-page.js';
import type { ArticleMatchesHandedOn } from '../domain/messages.js';
import type { CompiledTopics } from '../domain/topics/index.js';
import type { FeedParser } from '../ports/feed-parser.js';
import type { Queue } from '../ports/queue.js';
import type { StoryAssigner } from '../ports/story-assigner.js';
import type { ArticleStore, FeedStateStore, MatchStore } from '../ports/stores.js';
import { emptyTally, PageBudget, pageTextFor, type FullTextDeps, type PageTally } from './fetch-page-text.js';
import { handOnMatches } from './hand-on-matches.js';

export interface IngestDeps {
  /** Decodes, parses and normalises a body within bounded time and memory. */
  parser: FeedParser;
  feedStates: FeedStateStore;
  articles: ArticleStore;
  matches: MatchStore;
  fanOut: Queue<ArticleMatchesHandedOn>;
  topics: CompiledTopics;
  /** Assigns each new article's story before its matches are stored (fan-out alerts a topic once per story). */
  stories: StoryAssigner;
  /** Article pages for items whose feed text is a summary (full text); without it, items are matched on the feed's text. */
  fullText?: FullTextDeps;
}

export interface IngestInput {
  feed: FeedSource;
  /** A polled body, or one a WebSub hub pushed. */
  body: FeedBody;
  now: Date;
  /**
   * How the feed's recent ids are updated: a poll's body is the whole feed (its ids replace the stored ones); a pushed
   * body holds only what changed (its ids are added in front of the stored ones).
   */
  recentIds: 'replace' | 'merge';
}

export type IngestOutcome =
  | {
      ok: true;
      read: ReadFeed;
      newArticles: number;
      /** Articles written (conditional puts that created an article). */
      articleWrites: number;
      /** topicId → new matches handed on */
      matches: Record<string, number>;
      parkedMatches?: number;
      /** The feed's recent ids to store once the caller wrote the feed's state (absent: unchanged). */
      recentIds?: string[];
      /** Article pages fetched for full text: used, fallen back to the excerpt, skipped (politeness or time). */
      pages: PageTally;
      /** The body's items the feed's recent ids did not hold (for learning its publishing hours). */
      unseen: FeedEntry[];
      /** Whether the feed had no recent ids yet (a first poll: its items are the feed's past, not news). */
      firstSight: boolean;
    }
  /** The body was refused: `status` is the limit it hit ('too-large', 'too-deep', 'timeout') or 'parse'. */
  | { ok: false; reason: string; status: string };

/** Enough for any real feed's window; 500 ids × 22 characters stay far below DynamoDB's item limit. */
export const MAX_RECENT_IDS = 500;
/** Refusals at a limit are recorded under their own status (the message names the limit); other refusals as 'parse'. */
const LIMIT_REASONS = new Set<FeedParseReason>(['too-large', 'too-deep', 'timeout']);

/**
 * The part of a poll after the fetch, which a pushed body goes through too: decode and parse within the parser's
 * limits, store each new article once (conditional put; an article already stored by any feed is skipped, so the same
 * story in two feeds or in a push and a poll is stored and alerted once), match topics, hand matches on (outbox).
 *
 * Outbox order: matches are stored pending before the article, so a crash never loses a match (the next poll or
 * push redoes it, or the outbox sweep re-hands pending ones). The caller holds the feed's lease, writes the feed's
 * state, then the recent ids returned (FeedStateStore.putRecentIds), as a poll always did.
 */
export async function ingestFeedBody(deps: IngestDeps, input: IngestInput): Promise<IngestOutcome> {
  const { feed, now } = input;
  let read: ReadFeed;
  try {
    read = await deps.parser.parse(input.body);
  } catch (error) {
    const refused = error instanceof FeedParseError;
    const reason = refused ? `not a usable feed (${error.reason}): ${error.message}` : error instanceof Error ? error.message : String(error);
    return { ok: false, reason, status: refused && LIMIT_REASONS.has(error.reason) ? error.reason : 'parse' };
  }
  const { parsed } = read;
  const outcome = { ok: true as const, read, newArticles: 0, articleWrites: 0, matches: {} as Record<string, number>, parkedMatches: undefined as number | undefined, pages: emptyTally() };
  const pageBudget = deps.fullText ? new PageBudget(deps.fullText) : undefined;
  const sourceTitle = feed.title ?? parsed.feed.title;
  // Items seen at the last successful poll are stored already: no read for them (most of a changed feed).
  const storedIds = await deps.feedStates.getRecentIds(feed.id);
  const known = new Set(storedIds);
  for (const entry of parsed.items) {
    if (known.has(entry.id)) continue;
    if (await deps.articles.get(entry.id)) continue;
    const fresh = toArticle(entry, { feedId: feed.id, title: sourceTitle }, now);
    const pageText = await pageTextFor(pageBudget, feed.fullText ?? 'auto', entry, outcome.pages);
    if (pageText) fresh.pageText = pageText;
    const excerpt = entry.content ? `${fresh.summary}\n${entry.content}` : fresh.summary;
    const matchedText = pageText ? `${excerpt}\n${pageText}` : excerpt;
    const topicMatches = matchWithPage(deps.topics, { title: fresh.title, excerpt, pageText });
    // Before the matches are stored, so each carries its story (fan-out alerts a topic once per story).
    const { storyId } = await deps.stories.assign({ id: fresh.id, feedId: fresh.feedId, title: fresh.title, text: matchedText, sourceTitle: fresh.sourceTitle, firstSeen: fresh.firstSeen, ...(fresh.link ? { link: fresh.link } : {}), ...(fresh.published ? { published: fresh.published } : {}) });
    const article = { ...fresh, storyId };
    for (const m of topicMatches) {
      await deps.matches.putPending({ articleId: article.id, topicId: m.topicId, terms: m.terms, matchedAt: now.toISOString(), storyId });
    }
    if (!(await deps.articles.putIfAbsent(article))) continue;
    outcome.articleWrites += 1;
    outcome.newArticles += 1;
    if (topicMatches.length === 0) continue;
    const handed = await handOnMatches(deps, [{ articleId: article.id, storyId, matches: topicMatches.map((m) => ({ topicId: m.topicId, terms: m.terms })) }], now);
    for (const m of handed.handedOn) outcome.matches[m.topicId] = (outcome.matches[m.topicId] ?? 0) + 1;
    if (handed.parked.length > 0) outcome.parkedMatches = (outcome.parkedMatches ?? 0) + handed.parked.length;
  }
  const ids = parsed.items.map((i) => i.id);
  const recentIds = (input.recentIds === 'merge' ? [...new Set([...ids, ...storedIds])] : ids).slice(0, MAX_RECENT_IDS);
  const { parkedMatches, ...rest } = outcome;
  return { ...rest, unseen: parsed.items.filter((i) => !known.has(i.id)), firstSight: known.size === 0, ...(parkedMatches ? { parkedMatches } : {}), ...(recentIds.some((id) => !known.has(id)) ? { recentIds } : {}) };
}
