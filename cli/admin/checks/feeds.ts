import { DynamoFailingFeedsReports, DynamoFeedStateStore } from '../../../shared/adapters/dynamodb/index.js';
import { feedsNeedingAttention, type FailingFeed } from '../../../shared/domain/polling/feed-health.js';
import type { Check } from '../report.js';
import type { AdminSession } from '../session.js';

export const FAILING_FOR_MS = 24 * 3600 * 1000;

/** No feed has been failing for over a day (read from the feed states in the table, as the status page reads them). */
export async function feedsCheck(session: AdminSession, now: Date): Promise<Check> {
  const base = { id: 'feeds', title: 'Feeds' };
  const store = new DynamoFeedStateStore(session.clients.dynamo, session.stack.tableName());
  const { ids, source } = session.target.feeds ?? (await lastReported(session));
  const states = await store.getMany(ids);
  const failing = feedsNeedingAttention(states, now, FAILING_FOR_MS);
  const neverPolled = ids.length - states.length;
  if (failing.length === 0) {
    if (!session.target.feeds) return { ...base, status: 'ok', detail: `none failing for over a day, by ${source}` };
    return { ...base, status: 'ok', detail: `none of ${ids.length} failing for over a day${neverPolled ? ` (${neverPolled} not polled yet)` : ''}; feeds from ${source}` };
  }
  return {
    ...base,
    status: 'action',
    detail: `${failing.length} of ${ids.length} feed${ids.length === 1 ? '' : 's'} need${failing.length === 1 ? 's' : ''} attention: failing for over a day, never polled successfully, or stopped`,
    items: failing.map(describe),
    fix: `check the feed's URL in the config (newshound parse <url> shows what fails), then poll it now: newshound poll ${failing[0]!.feedId}`,
  };
}

/** A deployed stage's feeds live in the admin's config file: what dispatch-polls last found failing for over a day. */
async function lastReported(session: AdminSession): Promise<{ ids: string[]; source: string }> {
  const ids = (await new DynamoFailingFeedsReports(session.clients.dynamo, session.stack.tableName()).lastReported()) ?? [];
  return { ids, source: "dispatch-polls' last failing-feeds report" };
}

function describe(feed: FailingFeed): string {
  const error = feed.lastError ? `: ${feed.lastError.slice(0, 200)}` : '';
  if (feed.disabledReason) return `${feed.feedId} stopped${error || `: ${feed.disabledReason}`}`;
  const since = feed.lastSuccessAt ? `failing since ${feed.lastSuccessAt}` : 'never polled successfully';
  return `${feed.feedId} ${since} (${feed.failures} failure${feed.failures === 1 ? '' : 's'}${feed.lastErrorAt ? `, last ${feed.lastErrorAt}` : ''})${error}`;
}
