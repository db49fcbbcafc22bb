import type { FunctionName } from './functions.js';

/**
 * Every custom metric the code emits and the stack's alarms and dashboard read: one list, so the two cannot drift
 * (test/infra/monitoring.test.ts holds the stack to it, test/unit/runtime/metric-catalogue.test.ts the code).
 * Powertools Metrics (EMF) adds the emitting function as the `service` dimension; a metric with a dimension per
 * feed or per topic would be one custom metric each ($0.30 a month), so there are none: per-topic counts are log
 * lines the dashboard aggregates with Logs Insights (LOG_EVENTS.matched).
 */
export const METRICS_NAMESPACE = 'newshound';

export type MetricUnitName = 'Count' | 'Milliseconds';

export interface CustomMetric {
  name: string;
  unit: MetricUnitName;
  /** The functions that emit it (its `service` dimension values); none: a log metric filter without dimensions. */
  emittedBy: readonly FunctionName[];
}

const SENDERS = ['send-email', 'send-telegram', 'send-webhook'] as const satisfies readonly FunctionName[];

export const METRICS = {
  /** Polls that fetched (skipped ones are not polls). */
  polls: { name: 'Polls', unit: 'Count', emittedBy: ['poll-feed'] },
  /** Polls answered 304 Not Modified. */
  pollsNotModified: { name: 'PollsNotModified', unit: 'Count', emittedBy: ['poll-feed'] },
  pollFailed: { name: 'PollFailed', unit: 'Count', emittedBy: ['poll-feed'] },
  newArticles: { name: 'NewArticles', unit: 'Count', emittedBy: ['poll-feed'] },
  /** Feeds failing for longer than `monitoring.failingFeedHours`, every scheduled tick. */
  feedsFailing: { name: 'FeedsFailing', unit: 'Count', emittedBy: ['dispatch-polls'] },
  /** Messages that went out (instant alerts and digests), per channel's sender. */
  alertsSent: { name: 'AlertsSent', unit: 'Count', emittedBy: SENDERS },
  /** Instant alerts only: from the poll that first saw the article to the provider accepting the message. */
  alertLatency: { name: 'AlertLatency', unit: 'Milliseconds', emittedBy: SENDERS },
  /** From a metric filter on the haltable senders' logs (LOG_EVENTS.senderHalted). */
  senderHalted: { name: 'SenderHalted', unit: 'Count', emittedBy: [] },
} as const satisfies Record<string, CustomMetric>;

export type MetricKey = keyof typeof METRICS;

/** Log lines the stack reads (a metric filter, a Logs Insights widget): their `message` and fields. */
export const LOG_EVENTS = {
  /** poll-feed, one line per topic with new matches in a poll. */
  matched: { message: 'matched', fields: { topicId: 'topicId', matches: 'newMatches' } },
  /** A haltable sender that stopped sending (shared/runtime/sender-halt.ts). */
  senderHalted: { message: 'ALARM consumer halted' },
} as const;
