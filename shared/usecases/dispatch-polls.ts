import type { FeedSource } from '../domain/feed-source.js';
import type { PollRequested } from '../domain/messages.js';
import type { Clock } from '../ports/clock.js';
import type { Queue } from '../ports/queue.js';
import type { FeedStateStore } from '../ports/stores.js';

export interface DispatchPollsDeps {
  feeds: FeedSource[];
  feedStates: FeedStateStore;
  pollQueue: Queue<PollRequested>;
  clock: Clock;
}

/** Enqueues a poll for every enabled feed that is due. Returns the feed ids enqueued. */
export async function dispatchPolls(deps: DispatchPollsDeps): Promise<string[]> {
  const now = deps.clock.now();
  const enabled = deps.feeds.filter((feed) => feed.enabled !== false);
  const states = new Map((await deps.feedStates.getMany(enabled.map((f) => f.id))).map((s) => [s.feedId, s]));
  const due = enabled.filter((feed) => {
    const state = states.get(feed.id);
    if (state?.disabled) return false;
    return !state?.nextPollAt || new Date(state.nextPollAt) <= now;
  });
  if (due.length > 0) await deps.pollQueue.send(due.map((f) => ({ feedId: f.id })));
  return due.map((f) => f.id);
}
