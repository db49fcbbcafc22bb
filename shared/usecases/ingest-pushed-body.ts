import type { FeedSource } from '../domain/feed-source.js';
import type { Clock } from '../ports/clock.js';
import type { PushedBody } from '../domain/messages.js';
import type { PushInbox } from '../ports/push-inbox.js';
import { ingestFeedBody, type IngestDeps } from './ingest-feed-body.js';
import { currentState } from './poll-feed.js';

export interface IngestPushedDeps extends IngestDeps {
  inbox: Pick<PushInbox, 'get'>;
  clock: Clock;
  /** Who takes the feed's lease (in Lambda, the request id). */
  leaseHolder: string;
  config: { leaseSeconds?: number; /** The longest a poll can run (the poll function's timeout). */ maxPollSeconds?: number };
}

/** The verified body websub-callback sent: in the poll message (base64), or stored in the inbox under `key`. */
export type PushedBodyRef = PushedBody;

export interface IngestPushedResult {
  feedId: string;
  status: 'ok' | 'error' | 'skipped' | 'gone';
  newArticles: number;
  matches: Record<string, number>;
  parkedMatches?: number;
  error?: string;
  skipped?: 'lease-held' | 'disabled';
}

/**
 * A body a WebSub hub pushed (its signature verified by websub-callback, which sent it in the message or stored it in
 * the inbox) goes the way of a polled one: under the feed's lease (so a poll and a push of one feed never interleave), through
 * ingestFeedBody (parse, dedupe, match, outbox). It changes no poll validator or schedule: those belong to the
 * feed's own URL. A body the parser refuses is reported, not held against the feed.
 */
export async function ingestPushedBody(deps: IngestPushedDeps, input: { feed: FeedSource; pushed: PushedBodyRef }): Promise<IngestPushedResult> {
  const { feed, pushed } = input;
  const now = deps.clock.now();
  const result: IngestPushedResult = { feedId: feed.id, status: 'ok', newArticles: 0, matches: {} };
  const stored = 'body' in pushed ? { body: new Uint8Array(Buffer.from(pushed.body, 'base64')) } : await deps.inbox.get(pushed.key);
  if (!stored) return { ...result, status: 'gone', error: `the pushed body ${'key' in pushed ? pushed.key : ''} is no longer in the inbox` };
  const until = new Date(now.getTime() + (deps.config.leaseSeconds ?? 120) * 1000);
  // A scheduled poll leaves its lease to lapse; once it began longer ago than a poll may run, it is over.
  const lease = await deps.feedStates.acquireLease(feed.id, deps.leaseHolder, now, until, { takeOverIfStartedBefore: new Date(now.getTime() - (deps.config.maxPollSeconds ?? 60) * 1000) });
  if (!lease) return { ...result, status: 'skipped', skipped: 'lease-held' };
  try {
    const before = currentState(feed, lease.state);
    if (before.disabled) return { ...result, status: 'skipped', skipped: 'disabled' };
    const contentType = pushed.contentType ?? ('contentType' in stored ? stored.contentType : undefined);
    const ingested = await ingestFeedBody(deps, { feed, body: { bytes: stored.body, ...(contentType ? { contentType } : {}), feedUrl: before.selfUrl ?? before.url }, now, recentIds: 'merge' });
    if (!ingested.ok) return { ...result, status: 'error', error: `pushed body refused: ${ingested.reason}` };
    await deps.feedStates.put({
      ...before,
      itemsSeen: before.itemsSeen + ingested.newArticles,
      lastPushAt: now.toISOString(),
      ...(ingested.newArticles > 0 ? { lastNewItemsAt: now.toISOString() } : {}),
    });
    if (ingested.recentIds) await deps.feedStates.putRecentIds(feed.id, ingested.recentIds);
    return { ...result, newArticles: ingested.newArticles, matches: ingested.matches, ...(ingested.parkedMatches ? { parkedMatches: ingested.parkedMatches } : {}) };
  } finally {
    await deps.feedStates.releaseLease(feed.id, deps.leaseHolder);
  }
}
