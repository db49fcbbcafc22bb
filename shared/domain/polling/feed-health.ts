import type { FeedState } from '../feed-source.js';

export interface FailingFeed {
  feedId: string;
  /** The last success, after which every poll failed; absent when the feed never succeeded. */
  lastSuccessAt?: string;
  failures: number;
  lastError?: string;
  lastErrorAt?: string;
  /** Set when polling stopped for good (an HTTP 410): no later poll will recover it. */
  disabledReason?: string;
}

/**
 * Feeds that need an admin: failing for longer than `thresholdMs` since their last success, never polled successfully
 * (the state keeps no first-failure time, so any failure of a feed that never worked counts), or disabled.
 */
export function feedsNeedingAttention(states: FeedState[], now: Date, thresholdMs: number): FailingFeed[] {
  const found: FailingFeed[] = [];
  for (const state of states) {
    const failing = state.consecutiveFailures > 0;
    const longFailing = failing && (state.lastSuccessAt === undefined || now.getTime() - Date.parse(state.lastSuccessAt) > thresholdMs);
    if (!longFailing && !state.disabled) continue;
    found.push({
      feedId: state.feedId,
      ...(state.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}),
      failures: state.consecutiveFailures,
      ...(state.lastError ? { lastError: state.lastError } : {}),
      ...(state.lastErrorAt ? { lastErrorAt: state.lastErrorAt } : {}),
      ...(state.disabled ? { disabledReason: state.disabledReason ?? 'disabled' } : {}),
    });
  }
  return found;
}
