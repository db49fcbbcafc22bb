import { toArticle } from '../domain/article.js';
import type { FeedSource, FeedState } from '../domain/feed-source.js';
import { decodeFeedBytes } from '../domain/feed/decode.js';
import { parseFeed } from '../domain/feed/parse-feed.js';
import type { ArticleMatchesHandedOn } from '../domain/messages.js';
import { matchArticle, type CompiledTopics } from '../domain/topics/index.js';
import type { Clock } from '../ports/clock.js';
import type { FeedFetcher } from '../ports/feed-fetcher.js';
import type { Queue } from '../ports/queue.js';
import type { ArticleStore, FeedStateStore, MatchStore } from '../ports/stores.js';

export interface PollFeedDeps {
  fetcher: FeedFetcher;
  feedStates: FeedStateStore;
  articles: ArticleStore;
  matches: MatchStore;
  fanOut: Queue<ArticleMatchesHandedOn>;
  topics: CompiledTopics;
  clock: Clock;
  config: { minIntervalMinutes: number };
}

export interface PollFeedResult {
  feedId: string;
  status: 'ok' | 'not-modified' | 'gone' | 'error';
  newArticles: number;
  /** topicId → number of new matches */
  matches: Record<string, number>;
  error?: string;
}

/**
 * Polls one feed: conditional GET, decode, parse, store new articles once, match topics, hand matches on.
 * Outbox order: matches are stored pending before the article, so a crash never loses a match
 * (the next poll redoes it, or the outbox sweep re-hands pending ones).
 */
export async function pollFeed(deps: PollFeedDeps, input: { feed: FeedSource }): Promise<PollFeedResult> {
  const { feed } = input;
  const now = deps.clock.now();
  const previous = await deps.feedStates.get(feed.id);
  // A URL learned from a permanent redirect is kept only while the configured URL stays the same.
  const state: FeedState =
    previous && (previous.configuredUrl ?? previous.url) === feed.url
      ? previous
      : { consecutiveFailures: 0, itemsSeen: 0, ...previous, feedId: feed.id, url: feed.url, configuredUrl: feed.url, etag: undefined, lastModified: undefined };
  const nextPollAt = new Date(now.getTime() + deps.config.minIntervalMinutes * 60_000).toISOString();
  const result: PollFeedResult = { feedId: feed.id, status: 'ok', newArticles: 0, matches: {} };

  const fetched = await deps.fetcher.fetch({ url: state.url, etag: state.etag, lastModified: state.lastModified });
  if (fetched.status === 'not-modified') {
    await deps.feedStates.put({ ...state, lastSuccessAt: now.toISOString(), consecutiveFailures: 0, nextPollAt });
    return { ...result, status: 'not-modified' };
  }
  if (fetched.status !== 'ok') {
    const reason = fetched.status === 'gone' ? 'feed is gone (HTTP 410)' : fetched.reason;
    await recordFailure(deps, state, now, nextPollAt, reason);
    return { ...result, status: fetched.status === 'gone' ? 'gone' : 'error', error: reason };
  }

  try {
    const { text } = decodeFeedBytes(fetched.body, fetched.headers['content-type']);
    const parsed = await parseFeed(text, { feedUrl: fetched.finalUrl, contentType: fetched.headers['content-type'] });
    const sourceTitle = feed.title ?? parsed.feed.title;
    for (const entry of parsed.items) {
      if (await deps.articles.get(entry.id)) continue;
      const article = toArticle(entry, { feedId: feed.id, title: sourceTitle }, now);
      const topicMatches = matchArticle(deps.topics, { title: article.title, text: article.summary });
      for (const m of topicMatches) {
        await deps.matches.putPending({ articleId: article.id, topicId: m.topicId, terms: m.terms, matchedAt: now.toISOString() });
      }
      if (!(await deps.articles.putIfAbsent(article))) continue;
      result.newArticles += 1;
      if (topicMatches.length === 0) continue;
      await deps.fanOut.send([{ articleId: article.id, matches: topicMatches.map((m) => ({ topicId: m.topicId, terms: m.terms })) }]);
      for (const m of topicMatches) {
        await deps.matches.markHandedOn({ articleId: article.id, topicId: m.topicId });
        result.matches[m.topicId] = (result.matches[m.topicId] ?? 0) + 1;
      }
    }
    await deps.feedStates.put({
      ...state,
      etag: fetched.headers['etag'],
      lastModified: fetched.headers['last-modified'],
      lastSuccessAt: now.toISOString(),
      consecutiveFailures: 0,
      itemsSeen: state.itemsSeen + result.newArticles,
      nextPollAt,
    });
    return result;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await recordFailure(deps, state, now, nextPollAt, reason);
    return { ...result, status: 'error', error: reason };
  }
}

async function recordFailure(deps: PollFeedDeps, state: FeedState, now: Date, nextPollAt: string, reason: string) {
  await deps.feedStates.put({
    ...state,
    lastErrorAt: now.toISOString(),
    lastError: reason,
    consecutiveFailures: state.consecutiveFailures + 1,
    nextPollAt,
  });
}
