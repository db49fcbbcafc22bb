import type { FeedSource, FeedState } from '../../domain/feed-source.js';
import { callbackUrl, hubSecret } from '../../domain/websub/callback-keys.js';
import { MAX_NOTE_CHARS, nextAction, type PushSubscription, retryDelaySeconds, type SubscriptionAction, type WebSubTiming } from '../../domain/websub/subscription.js';
import type { Clock } from '../../ports/clock.js';
import type { HubClient } from '../../ports/hub-client.js';
import type { FeedStateStore, PushSubscriptionStore } from '../../ports/stores.js';

export interface ManageSubscriptionsDeps {
  feeds: FeedSource[];
  feedStates: Pick<FeedStateStore, 'getMany'>;
  subscriptions: PushSubscriptionStore;
  hub: HubClient;
  clock: Clock;
  /** The generated master key the callback tokens and hub secrets derive from. */
  masterKey: () => Promise<string>;
  config: {
    /** Subscribe at all (off: every subscription is cancelled and the feeds are polled). */
    enabled: boolean;
    /** Where the HTTP API is reached from the internet: the hub calls back there. */
    publicBaseUrl: string;
    callbackPath: string;
    timing: WebSubTiming;
    /** Subscribe with http:// hubs too (the local runtime's hub stand-in on loopback). */
    allowPlainHttpHubs?: boolean;
  };
}

export interface ManagedSubscription {
  feedId: string;
  action: SubscriptionAction['kind'];
  reason: string;
  /** For requests sent: whether the hub took it, or why not. */
  outcome?: string;
}

/** What the feed wants now: the hub it announced and the topic (its self URL, else the URL polled). */
function wanted(feed: FeedSource | undefined, state: FeedState | undefined, config: ManageSubscriptionsDeps['config']): { hub: string; topic: string } | undefined {
  if (!config.enabled || !feed || feed.enabled === false || !state?.hub || state.disabled) return undefined;
  // A hub must ignore hub.secret sent without TLS (WebSub §5.1), and unsigned pushes are refused: plain http is no use.
  if (!state.hub.startsWith('https:') && !config.allowPlainHttpHubs) return undefined;
  return { hub: state.hub, topic: state.selfUrl ?? state.url };
}

/**
 * The subscription manager's run: for every configured feed whose last poll found a hub, and every subscription
 * whose feed no longer wants one, do what nextAction says: subscribe (new, renewal before the lease lapses, retry
 * after a backoff), record a request the hub never verified, unsubscribe, or forget. A request is recorded before it
 * is sent, since a hub may verify before it answers. Hubs are independent: one failing does not stop the others.
 */
export async function manageSubscriptions(deps: ManageSubscriptionsDeps): Promise<ManagedSubscription[]> {
  const now = deps.clock.now();
  const { timing } = deps.config;
  const configured = new Map(deps.feeds.map((f) => [f.id, f]));
  const subs = new Map((await deps.subscriptions.list()).map((s) => [s.feedId, s]));
  const states = new Map((await deps.feedStates.getMany(deps.feeds.filter((f) => f.enabled !== false).map((f) => f.id))).map((s) => [s.feedId, s]));
  const feedIds = [...new Set([...configured.keys(), ...subs.keys()])];
  let key: string | undefined;
  const masterKey = async () => (key ??= await deps.masterKey());
  const done: ManagedSubscription[] = [];
  for (const feedId of feedIds) {
    const sub = subs.get(feedId);
    const want = wanted(configured.get(feedId), states.get(feedId), deps.config);
    const action = nextAction(sub, want, now, timing);
    if (action.kind === 'none') continue;
    const entry: ManagedSubscription = { feedId, action: action.kind, reason: action.reason };
    done.push(entry);
    const failed = (s: Pick<PushSubscription, 'attempts'>, reason: string): Partial<PushSubscription> => ({
      lastError: reason.slice(0, MAX_NOTE_CHARS),
      lastErrorAt: now.toISOString(),
      attempts: s.attempts + 1,
      retryAt: new Date(now.getTime() + retryDelaySeconds(s.attempts + 1, timing) * 1000).toISOString(),
    });
    if (action.kind === 'forget') {
      await deps.subscriptions.delete(feedId);
    } else if (action.kind === 'expire-request') {
      await deps.subscriptions.update(feedId, { status: 'failed', ...failed(sub!, `${action.reason}: polled meanwhile`) });
    } else if (action.kind === 'subscribe') {
      const { hub, topic } = want!;
      // A renewal keeps the lease it renews: pushes go on while the hub verifies again.
      const renewing = sub?.status === 'verified' && sub.mode === 'subscribe' && sub.hub === hub && sub.topic === topic && Date.parse(sub.leaseExpiresAt ?? '') > now.getTime();
      const next: PushSubscription = {
        ...(sub && sub.hub === hub && sub.topic === topic ? sub : { feedId, attempts: sub?.attempts ?? 0, refused: sub?.refused, pushes: sub?.pushes }),
        feedId,
        hub,
        topic,
        mode: 'subscribe',
        status: renewing ? 'verified' : 'requested',
        requestedAt: now.toISOString(),
      } as PushSubscription;
      await deps.subscriptions.put(next);
      const secret = hubSecret(await masterKey(), feedId, hub, topic);
      const answer = await deps.hub.request(hub, {
        'hub.mode': 'subscribe',
        'hub.topic': topic,
        'hub.callback': callbackUrl(deps.config.publicBaseUrl, deps.config.callbackPath, await masterKey(), feedId),
        'hub.secret': secret,
        'hub.lease_seconds': String(timing.leaseSeconds),
      });
      if (answer.accepted) entry.outcome = `accepted (HTTP ${answer.status})`;
      else {
        entry.outcome = answer.reason;
        await deps.subscriptions.update(feedId, { ...(renewing ? {} : { status: 'failed' as const }), ...failed(next, answer.reason) });
      }
    } else {
      await deps.subscriptions.update(feedId, { mode: 'unsubscribe', status: 'requested', requestedAt: now.toISOString() });
      const answer = await deps.hub.request(sub!.hub, {
        'hub.mode': 'unsubscribe',
        'hub.topic': sub!.topic,
        'hub.callback': callbackUrl(deps.config.publicBaseUrl, deps.config.callbackPath, await masterKey(), feedId),
      });
      entry.outcome = answer.accepted ? `accepted (HTTP ${answer.status})` : answer.reason;
      // A hub that will not take the cancellation lets the lease lapse; pushes until then are refused (no subscription).
      if (!answer.accepted) await deps.subscriptions.delete(feedId);
    }
  }
  return done;
}
