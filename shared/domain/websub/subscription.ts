/**
 * One feed's WebSub subscription as we keep it (its own small item, apart from the feed's state), and the pure
 * decisions about it: what to ask the hub next and when, whether a hub's verification request is one we made, and
 * whether the feed counts as pushed (polled only at the safety interval) or polled.
 */

export type SubscriptionStatus =
  /** We asked; the hub has not verified yet. */
  | 'requested'
  /** The hub verified our subscribe request: pushes come until `leaseExpiresAt`. */
  | 'verified'
  /** The hub said no (hub.mode=denied), or never verified, or answered the request with an error. */
  | 'failed'
  /** The hub verified our unsubscribe request. */
  | 'unsubscribed';

export interface PushSubscription {
  feedId: string;
  hub: string;
  /** The topic URL we subscribed to: the feed's self URL, else the URL polled. */
  topic: string;
  /** What we last asked the hub. */
  mode: 'subscribe' | 'unsubscribe';
  status: SubscriptionStatus;
  requestedAt: string;
  verifiedAt?: string;
  leaseExpiresAt?: string;
  /** Failed requests in a row (backs off the next one). */
  attempts: number;
  /** Not before this instant may we ask again after a failure. */
  retryAt?: string;
  lastError?: string;
  lastErrorAt?: string;
  lastPushAt?: string;
  pushes?: number;
  /** Pushes refused (unsigned, mis-signed, too large) and verification requests we did not ask for. */
  refused?: number;
  lastRefusal?: string;
  lastRefusalAt?: string;
}

export interface WebSubTiming {
  /** Lease we ask for, in seconds (hubs may grant another). */
  leaseSeconds: number;
  /** A request the hub has not verified after this long failed. */
  verifyTimeoutSeconds: number;
  /** First retry delay after a failure, doubled per failure up to `maxRetrySeconds`. */
  retrySeconds: number;
  maxRetrySeconds: number;
  /** How often the subscription manager runs: a lease is renewed at least two runs before it lapses. */
  managerIntervalSeconds: number;
}

export const DEFAULT_WEBSUB_TIMING: WebSubTiming = {
  leaseSeconds: 10 * 24 * 3600,
  verifyTimeoutSeconds: 3600,
  retrySeconds: 3600,
  maxRetrySeconds: 24 * 3600,
  managerIntervalSeconds: 15 * 60,
};

/** Kept short: the item stays far below a KB whatever a hub says. */
export const MAX_NOTE_CHARS = 200;

const at = (iso: string | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/** When to renew a verified lease: a fifth of it early, and never later than two manager runs before it lapses. */
export function renewAt(sub: Pick<PushSubscription, 'verifiedAt' | 'leaseExpiresAt'>, timing: WebSubTiming): Date | undefined {
  const expires = at(sub.leaseExpiresAt);
  if (!Number.isFinite(expires)) return undefined;
  const verified = at(sub.verifiedAt);
  const lease = Number.isFinite(verified) ? Math.max(0, expires - verified) : timing.leaseSeconds * 1000;
  const margin = Math.max(lease / 5, 2 * timing.managerIntervalSeconds * 1000);
  return new Date(Math.max(Number.isFinite(verified) ? verified : 0, expires - margin));
}

/** The delay before asking again after `attempts` failures in a row. */
export function retryDelaySeconds(attempts: number, timing: WebSubTiming): number {
  return Math.min(timing.maxRetrySeconds, timing.retrySeconds * 2 ** Math.max(0, attempts - 1));
}

export type SubscriptionAction =
  | { kind: 'none'; reason: string }
  | { kind: 'subscribe'; reason: string }
  | { kind: 'unsubscribe'; reason: string }
  /** A request the hub never verified: record the failure (the next run asks again after the backoff). */
  | { kind: 'expire-request'; reason: string }
  /** Unsubscribed, or given up on: the item goes. */
  | { kind: 'forget'; reason: string };

/**
 * What the manager does for one feed. `wanted` is the hub and topic the feed announces now (absent when it announces
 * none, is disabled or left the config).
 */
export function nextAction(sub: PushSubscription | undefined, wanted: { hub: string; topic: string } | undefined, now: Date, timing: WebSubTiming): SubscriptionAction {
  const t = now.getTime();
  if (!wanted) {
    if (!sub) return { kind: 'none', reason: 'no hub' };
    if (sub.mode === 'unsubscribe') {
      if (sub.status === 'unsubscribed' || sub.status === 'failed' || t - at(sub.requestedAt) > timing.verifyTimeoutSeconds * 1000) return { kind: 'forget', reason: 'unsubscribed' };
      return { kind: 'none', reason: 'unsubscribe requested' };
    }
    if (sub.status === 'verified' && at(sub.leaseExpiresAt) > t) return { kind: 'unsubscribe', reason: 'the feed no longer wants pushes (removed, disabled, or no hub)' };
    if (sub.status === 'requested') return { kind: 'unsubscribe', reason: 'the feed no longer wants pushes (removed, disabled, or no hub)' };
    return { kind: 'forget', reason: 'nothing left to cancel' };
  }
  if (!sub || sub.mode === 'unsubscribe' || sub.hub !== wanted.hub || sub.topic !== wanted.topic) {
    return { kind: 'subscribe', reason: sub ? 'the hub or topic changed' : 'the feed announces a hub' };
  }
  if (sub.status === 'requested') {
    return t - at(sub.requestedAt) > timing.verifyTimeoutSeconds * 1000 ? { kind: 'expire-request', reason: `the hub did not verify within ${timing.verifyTimeoutSeconds} s` } : { kind: 'none', reason: 'awaiting verification' };
  }
  if (sub.status === 'failed' || sub.status === 'unsubscribed') {
    return sub.retryAt && at(sub.retryAt) > t ? { kind: 'none', reason: `retry after ${sub.retryAt}` } : { kind: 'subscribe', reason: 'retry' };
  }
  const renew = renewAt(sub, timing);
  const renewing = at(sub.requestedAt) > at(sub.verifiedAt) && t - at(sub.requestedAt) <= timing.verifyTimeoutSeconds * 1000;
  if (renewing) return { kind: 'none', reason: 'awaiting verification of the renewal' };
  if (!renew || renew.getTime() <= t) return { kind: 'subscribe', reason: at(sub.leaseExpiresAt) > t ? 'renew the lease' : 'the lease lapsed' };
  return { kind: 'none', reason: `renew at ${renew.toISOString()}` };
}

/** What a hub's GET to the callback asks (WebSub §5.3): verify our request, or tell us it was denied. */
export interface VerificationRequest {
  mode?: string;
  topic?: string;
  challenge?: string;
  leaseSeconds?: string;
  reason?: string;
}

export type VerificationAnswer =
  | { kind: 'confirm'; challenge: string; update: Partial<PushSubscription> }
  | { kind: 'denied'; update: Partial<PushSubscription> }
  | { kind: 'refuse'; reason: string };

const MAX_CHALLENGE_CHARS = 1024;
/** Leases longer than a year are read as a year. */
const MAX_LEASE_SECONDS = 365 * 24 * 3600;

/** Answers a verification request: the challenge only for the topic and mode we asked for, else a refusal (404). */
export function answerVerification(sub: PushSubscription | undefined, request: VerificationRequest, now: Date, timing: WebSubTiming): VerificationAnswer {
  if (!sub) return { kind: 'refuse', reason: 'no subscription was requested for this feed' };
  if (request.topic !== sub.topic) return { kind: 'refuse', reason: `topic ${JSON.stringify((request.topic ?? '').slice(0, 100))} is not the one we asked for` };
  if (request.mode === 'denied') {
    if (sub.mode !== 'subscribe') return { kind: 'refuse', reason: 'a denial of an unsubscribe request' };
    const reason = `the hub denied the subscription${request.reason ? `: ${request.reason}` : ''}`.slice(0, MAX_NOTE_CHARS);
    return { kind: 'denied', update: { status: 'failed', lastError: reason, lastErrorAt: now.toISOString(), attempts: sub.attempts + 1, retryAt: new Date(now.getTime() + retryDelaySeconds(sub.attempts + 1, timing) * 1000).toISOString() } };
  }
  if (request.mode !== sub.mode) return { kind: 'refuse', reason: `mode ${JSON.stringify((request.mode ?? '').slice(0, 20))} is not the ${sub.mode} we asked for` };
  if (sub.status !== 'requested' && !(sub.status === 'verified' && sub.mode === 'subscribe')) return { kind: 'refuse', reason: `no ${sub.mode} request is pending` };
  const challenge = request.challenge ?? '';
  if (challenge.length === 0 || challenge.length > MAX_CHALLENGE_CHARS) return { kind: 'refuse', reason: 'hub.challenge is missing or too long' };
  if (sub.mode === 'unsubscribe') return { kind: 'confirm', challenge, update: { status: 'unsubscribed', verifiedAt: now.toISOString() } };
  const granted = /^\d{1,10}$/.test(request.leaseSeconds ?? '') ? Math.min(Number(request.leaseSeconds), MAX_LEASE_SECONDS) : timing.leaseSeconds;
  if (granted <= 0) return { kind: 'refuse', reason: 'hub.lease_seconds is 0' };
  return {
    kind: 'confirm',
    challenge,
    update: { status: 'verified', verifiedAt: now.toISOString(), leaseExpiresAt: new Date(now.getTime() + granted * 1000).toISOString(), attempts: 0, retryAt: undefined, lastError: undefined, lastErrorAt: undefined },
  };
}

export type DeliveryMode = { mode: 'pushed'; leaseExpiresAt: string } | { mode: 'polled'; reason: string };

/**
 * Whether a feed is pushed now: a verified, unexpired lease on the hub and topic it announces, and no poll since the
 * verification found items the hub never pushed (a quiet hub). Otherwise it is polled on its own schedule.
 */
export function deliveryMode(sub: PushSubscription | undefined, feed: { hub?: string; topic?: string; pollFoundNewAt?: string } | undefined, now: Date): DeliveryMode {
  if (!sub || sub.mode !== 'subscribe') return { mode: 'polled', reason: feed?.hub ? 'not subscribed yet' : 'no hub' };
  if (sub.status !== 'verified') return { mode: 'polled', reason: sub.status === 'requested' ? 'awaiting the hub\'s verification' : (sub.lastError ?? 'subscription failed') };
  if (!(at(sub.leaseExpiresAt) > now.getTime())) return { mode: 'polled', reason: 'the lease lapsed' };
  if (feed && (feed.hub !== sub.hub || (feed.topic && feed.topic !== sub.topic))) return { mode: 'polled', reason: 'the feed announces another hub' };
  if (sub.lastRefusalAt && at(sub.lastRefusalAt) > Math.max(at(sub.lastPushAt) || 0, at(sub.verifiedAt) || 0)) return { mode: 'polled', reason: `the last push was refused: ${sub.lastRefusal ?? 'refused'}` };
  if (feed?.pollFoundNewAt && at(feed.pollFoundNewAt) > at(sub.verifiedAt)) return { mode: 'polled', reason: `the hub went quiet: a poll at ${feed.pollFoundNewAt} found items it never pushed` };
  return { mode: 'pushed', leaseExpiresAt: sub.leaseExpiresAt! };
}

/** A refused push or verification, counted on the subscription (for the feed's health). */
export function refusal(sub: PushSubscription, reason: string, now: Date): Partial<PushSubscription> {
  return { refused: (sub.refused ?? 0) + 1, lastRefusal: reason.slice(0, MAX_NOTE_CHARS), lastRefusalAt: now.toISOString() };
}
