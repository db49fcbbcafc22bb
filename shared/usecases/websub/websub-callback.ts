import { randomUUID } from 'node:crypto';
import type { FeedSource } from '../../domain/feed-source.js';
import type { PollRequested } from '../../domain/messages.js';
import { hubSecret, isCallbackToken } from '../../domain/websub/callback-keys.js';
import { verifyHubSignature } from '../../domain/websub/signature.js';
import { inlinePushMessage } from '../../domain/websub/pushed-body.js';
import { answerVerification, refusal, type WebSubTiming } from '../../domain/websub/subscription.js';
import type { Clock } from '../../ports/clock.js';
import type { PushInbox } from '../../ports/push-inbox.js';
import type { Queue } from '../../ports/queue.js';
import type { PushSubscriptionStore } from '../../ports/stores.js';

export interface WebSubCallbackDeps {
  feeds: FeedSource[];
  subscriptions: PushSubscriptionStore;
  inbox: Pick<PushInbox, 'put'>;
  pollQueue: Queue<PollRequested>;
  clock: Clock;
  masterKey: () => Promise<string>;
  config: { timing: WebSubTiming; maxBodyBytes: number };
}

export interface CallbackRequest {
  method: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  body: Uint8Array;
}

export interface CallbackAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** What happened, for logs and metrics: 'verified', 'denied', 'pushed', or 'refused: …'. */
  outcome: string;
  feedId?: string;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
const answer = (status: number, outcome: string, feedId?: string, body = ''): CallbackAnswer => ({ status, headers: TEXT, body, outcome, ...(feedId ? { feedId } : {}) });

/**
 * Our WebSub callback (one per feed: `?feed=<id>&token=<derived token>`). A GET is a hub verifying intent: it gets
 * the challenge back only for the topic and mode we asked for, else 404. A POST is a content distribution: the body
 * must carry a valid X-Hub-Signature made with that subscription's secret; a valid one goes to poll-feed in a poll
 * message (in it when it fits, else stored in the inbox and named by it; poll-feed ingests it as it ingests a poll),
 * all before we answer 2xx, so the hub retries whatever failed. An unsigned or mis-signed body is answered 2xx as WebSub allows (so a forger learns nothing),
 * ignored, and counted on the subscription. An unknown callback is 404 and touches nothing.
 */
export async function handleWebSubCallback(deps: WebSubCallbackDeps, request: CallbackRequest): Promise<CallbackAnswer> {
  const feedId = request.query.get('feed') ?? '';
  const token = request.query.get('token') ?? '';
  // The token is checked whether or not the feed exists: an unknown feed and a wrong token look alike.
  const tokenOk = isCallbackToken(await deps.masterKey(), feedId, token);
  if (!tokenOk || !token || !deps.feeds.some((f) => f.id === feedId)) return answer(404, 'refused: unknown callback');
  const now = deps.clock.now();
  const sub = await deps.subscriptions.get(feedId);
  const refuse = async (status: number, reason: string): Promise<CallbackAnswer> => {
    if (sub) await deps.subscriptions.update(feedId, refusal(sub, reason, now));
    return answer(status, `refused: ${reason}`, feedId);
  };

  if (request.method === 'GET') {
    const q = request.query;
    const verdict = answerVerification(sub, { mode: q.get('hub.mode') ?? undefined, topic: q.get('hub.topic') ?? undefined, challenge: q.get('hub.challenge') ?? undefined, leaseSeconds: q.get('hub.lease_seconds') ?? undefined, reason: q.get('hub.reason') ?? undefined }, now, deps.config.timing);
    if (verdict.kind === 'refuse') return refuse(404, `verification: ${verdict.reason}`);
    await deps.subscriptions.update(feedId, verdict.update);
    return verdict.kind === 'denied' ? answer(200, 'denied', feedId) : answer(200, `verified ${sub!.mode}`, feedId, verdict.challenge);
  }

  if (!sub || sub.mode !== 'subscribe' || (sub.status !== 'verified' && sub.status !== 'requested')) return refuse(404, 'a push for no active subscription');
  if (request.body.length > deps.config.maxBodyBytes) return refuse(413, `a push of ${request.body.length} bytes, over the ${deps.config.maxBodyBytes}-byte cap`);
  const check = verifyHubSignature(request.headers['x-hub-signature'], request.body, hubSecret(await deps.masterKey(), feedId, sub.hub, sub.topic));
  if (!check.ok) return refuse(202, check.reason);
  const contentType = request.headers['content-type']?.slice(0, 200);
  // A body that fits in the poll message travels in it; a larger one is stored in the inbox and the message names it.
  const inline = inlinePushMessage(feedId, request.body, contentType);
  if (inline) await deps.pollQueue.send([inline]);
  else {
    const key = `inbox/${feedId}/${now.toISOString().replace(/[:.]/g, '-')}-${randomUUID()}`;
    await deps.inbox.put(key, request.body, contentType);
    await deps.pollQueue.send([{ feedId, pushed: { key, ...(contentType ? { contentType } : {}) } }]);
  }
  await deps.subscriptions.update(feedId, { lastPushAt: now.toISOString(), pushes: (sub.pushes ?? 0) + 1 });
  return answer(202, 'pushed', feedId);
}
