import type { FeedState } from '../feed-source.js';
import { deliveryMode, type PushSubscription } from '../websub/subscription.js';

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

/** How new items of a feed arrive, for its health: pushed by a WebSub hub, or polled (and why). */
export interface PushHealth {
  delivery: 'pushed' | 'polled';
  /** Why the feed is polled (no hub, awaiting verification, lease lapsed, hub quiet, a refused push). */
  reason?: string;
  hub?: string;
  leaseExpiresAt?: string;
  lastPushAt?: string;
  pushes: number;
  /** Pushes and verification requests refused (unsigned, mis-signed, not asked for). */
  refused: number;
  lastRefusal?: string;
  lastRefusalAt?: string;
}

export function pushHealth(sub: PushSubscription | undefined, state: FeedState | undefined, now: Date): PushHealth {
  const mode = deliveryMode(sub, state ? { hub: state.hub, topic: state.selfUrl ?? state.url, pollFoundNewAt: state.pollFoundNewAt } : undefined, now);
  return {
    delivery: mode.mode,
    ...(mode.mode === 'polled' ? { reason: mode.reason } : {}),
    ...((sub?.hub ?? state?.hub) ? { hub: sub?.hub ?? state?.hub } : {}),
    ...(sub?.leaseExpiresAt && sub.status === 'verified' ? { leaseExpiresAt: sub.leaseExpiresAt } : {}),
    ...((sub?.lastPushAt ?? state?.lastPushAt) ? { lastPushAt: sub?.lastPushAt ?? state?.lastPushAt } : {}),
    pushes: sub?.pushes ?? 0,
    refused: sub?.refused ?? 0,
    ...(sub?.lastRefusal ? { lastRefusal: sub.lastRefusal, lastRefusalAt: sub.lastRefusalAt } : {}),
  };
}
