import type { FeedSource, FeedState } from '../domain/feed-source.js';
import { type FailingFeed, failingFeedsNotice, longFailingFeeds, sameFeeds } from '../domain/polling/failing-feeds.js';
import type { AdminNotifier, FailingFeedsReports } from '../ports/admin-notices.js';
import type { Clock } from '../ports/clock.js';

export interface ReportFailingFeedsDeps {
  feeds: FeedSource[];
  reports: FailingFeedsReports;
  notifier: AdminNotifier;
  clock: Clock;
  config: { stage: string; failingFeedHours: number };
}

export interface FailingFeedsReport {
  failing: FailingFeed[];
  /** Whether this call sent the notice (the set changed, and no other reporter told it first). */
  notified: boolean;
}

/**
 * Tells the admins, in one message, which feeds have been failing for longer than the threshold, each time that set
 * changes (a feed joins it, or recovers). The change is recorded before the message goes, so two reporters at once
 * send it once; a message that cannot be sent gives the record back, so the next call sends it.
 */
export async function reportFailingFeeds(deps: ReportFailingFeedsDeps, states: readonly FeedState[]): Promise<FailingFeedsReport> {
  const now = deps.clock.now();
  const failing = longFailingFeeds(deps.feeds, states, now, deps.config.failingFeedHours);
  const ids = failing.map((f) => f.feedId).sort();
  const previous = await deps.reports.lastReported();
  if (sameFeeds(previous ?? [], ids)) return { failing, notified: false };
  if (!(await deps.reports.recordReported(previous, ids, now))) return { failing, notified: false };
  try {
    await deps.notifier.notify(failingFeedsNotice({ stage: deps.config.stage, afterHours: deps.config.failingFeedHours, now, failing, previous: previous ?? [] }));
  } catch (error) {
    await deps.reports.recordReported(ids, previous ?? [], now).catch(() => false);
    throw error;
  }
  return { failing, notified: true };
}
