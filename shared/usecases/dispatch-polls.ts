import type { FeedSource, FeedState } from '../domain/feed-source.js';
import { FEEDS_PER_POLL_MESSAGE, type PollRequested } from '../domain/messages.js';
import { isDue } from '../domain/polling/schedule.js';
import type { Clock } from '../ports/clock.js';
import type { Queue } from '../ports/queue.js';
import type { FeedStateStore, PushSubscriptionStore } from '../ports/stores.js';
import { deliveryMode } from '../domain/websub/subscription.js';

export interface DispatchPollsDeps {
  feeds: FeedSource[];
  feedStates: FeedStateStore;
  pollQueue: Queue<PollRequested>;
  clock: Clock;
  /** WebSub subscriptions: a feed a hub pushes is polled only every `safetyPollMinutes`. */
  pushSubscriptions?: Pick<PushSubscriptionStore, 'list'>;
  safetyPollMinutes?: number;
  /** How early a feed counts as due (default DUE_EARLY_MS; 0: only at its time, as before that slack). */
  dueEarlyMs?: number;
}

export interface DispatchPollsInput {
  /** Poll now, due or not (an admin's "poll now", `npm start -- --once`); scheduled runs leave it unset. */
  force?: boolean;
  /** Only these feeds (default: every enabled feed). */
  feedIds?: string[];
}

/** The feeds in groups of FEEDS_PER_POLL_MESSAGE, one poll message each. */
function grouped(feedIds: string[], force: boolean): PollRequested[] {
  const messages: PollRequested[] = [];
  for (let i = 0; i < feedIds.length; i += FEEDS_PER_POLL_MESSAGE) messages.push({ feedIds: feedIds.slice(i, i + FEEDS_PER_POLL_MESSAGE), ...(force ? { force } : {}) });
  return messages;
}

export interface DispatchedPolls {
  /** The feed ids enqueued. */
  feedIds: string[];
  /** The enabled feeds' states, as read to decide (not read for a forced dispatch); feeds never polled have none. */
  states?: FeedState[];
}

/**
 * Enqueues a poll for every enabled feed that is due (its next poll within DUE_EARLY_MS of now) (or, with `force`, for every enabled feed asked for), grouped
 * FEEDS_PER_POLL_MESSAGE feeds to a message. An unknown feed id is an error naming it.
 */
export async function dispatchPolls(deps: DispatchPollsDeps, input: DispatchPollsInput = {}): Promise<DispatchedPolls> {
  const now = deps.clock.now();
  if (input.feedIds) {
    const unknown = input.feedIds.filter((id) => !deps.feeds.some((f) => f.id === id));
    if (unknown.length > 0) throw new Error(`unknown feed ${unknown.map((id) => `"${id}"`).join(', ')}; configured feeds: ${deps.feeds.map((f) => f.id).join(', ')}`);
  }
  const enabled = deps.feeds.filter((feed) => feed.enabled !== false && (!input.feedIds || input.feedIds.includes(feed.id)));
  if (input.force) {
    if (enabled.length > 0) await deps.pollQueue.send(grouped(enabled.map((f) => f.id), true));
    return { feedIds: enabled.map((f) => f.id) };
  }
  const read = await deps.feedStates.getMany(enabled.map((f) => f.id));
  const states = new Map(read.map((s) => [s.feedId, s]));
  const subs = new Map((deps.pushSubscriptions && states.size > 0 && read.some((s) => s.hub) ? await deps.pushSubscriptions.list() : []).map((s) => [s.feedId, s]));
  const safetyMs = (deps.safetyPollMinutes ?? 180) * 60_000;
  const due = enabled.filter((feed) => {
    const state = states.get(feed.id);
    if (state?.disabled) return false;
    if (!isDue(state?.nextPollAt, now, deps.dueEarlyMs)) return false;
    // Pushed: the hub brings new items within seconds; a poll now and then catches what it misses (and ends pushing).
    const pushed = state && deliveryMode(subs.get(feed.id), { hub: state.hub, topic: state.selfUrl ?? state.url, pollFoundNewAt: state.pollFoundNewAt }, now).mode === 'pushed';
    return !pushed || !state.lastSuccessAt || Date.parse(state.lastSuccessAt) + safetyMs <= now.getTime();
  });
  if (due.length > 0) await deps.pollQueue.send(grouped(due.map((f) => f.id), false));
  return { feedIds: due.map((f) => f.id), states: read };
}
