/** The few newest articles each topic matched, shown on the subscribe page so people see what a topic brings. */
import type { RecentMatch } from '../../domain/pages/recent-matches.js';
import type { ArticleStore, MatchStore } from '../../ports/stores.js';
import type { EventLog } from './deps.js';

export const RECENT_MATCHES_PER_TOPIC = 3;

export interface RecentMatchesDeps {
  matches: Pick<MatchStore, 'latestForTopic'>;
  articles: Pick<ArticleStore, 'get'>;
  log?: EventLog;
}

/**
 * Per topic id, its newest matched articles (a match whose article is gone is left out). A store that fails leaves
 * the page without them rather than failing it: the form matters more.
 */
export async function recentMatchesByTopic(deps: RecentMatchesDeps, topicIds: readonly string[]): Promise<Record<string, RecentMatch[]>> {
  try {
    const entries = await Promise.all(
      topicIds.map(async (topicId) => {
        const rows = await deps.matches.latestForTopic(topicId, RECENT_MATCHES_PER_TOPIC);
        const articles = await Promise.all(rows.map((m) => deps.articles.get(m.articleId)));
        const found = articles.flatMap((a) => (a ? [{ title: a.title, source: a.sourceTitle, ...(a.link ? { link: a.link } : {}), ...(a.published ?? a.firstSeen ? { date: a.published ?? a.firstSeen } : {}) }] : []));
        return [topicId, found] as const;
      }),
    );
    return Object.fromEntries(entries);
  } catch (error) {
    deps.log?.('recent matches unreadable', { error: error instanceof Error ? error.message : String(error) });
    return {};
  }
}
