/**
 * Abuse limits of the subscription pages, counted per client network in fixed windows.
 *
 * Requests that mail an address (subscribe, a new link, an address change) count per network (said, with a retry
 * time) and per address (never said: a 429 there would tell a stranger that someone asked for this address).
 *
 * The other pages that read or write subscribers (confirm, preferences, unsubscribe) count per network, so one client
 * cannot run up everyone's table bill; the static form touches no store (a counter write would cost more than the
 * page; the route's throttle caps it). Nobody is locked out of unsubscribing by them: a link that verifies (an
 * expired one too: its page says so) never counts, and forged or mangled ones count in a bucket of their own.
 */
import { checkLinkToken } from '../../domain/subscription/links.js';
import { DEFAULT_REQUEST_LIMITS, requestBucket, retryAfterSeconds, subscribeBuckets } from '../../domain/subscription/rate-limits.js';
import type { SubscriptionDeps } from './deps.js';
import type { HttpRequest } from './http-types.js';

type LimitDeps = Pick<SubscriptionDeps, 'rateLimiter' | 'clock' | 'config'>;

function buckets(deps: LimitDeps, input: { ip: string; email: string }) {
  return subscribeBuckets({ ...input, now: deps.clock.now(), rules: deps.config.rateLimits });
}

/** Seconds to wait when the client's network sent too many requests naming an address; undefined when this one counts within the limit. */
export async function networkLimited(deps: LimitDeps, input: { ip: string; email: string }): Promise<number | undefined> {
  const { ip } = buckets(deps, input);
  return (await deps.rateLimiter.hit(ip.key, ip.limit, ip.windowEndsAt)) ? undefined : retryAfterSeconds(ip, deps.clock.now());
}

/** True when this request counts within the address's limit. */
export async function addressAllowed(deps: LimitDeps, input: { ip: string; email: string }): Promise<boolean> {
  const { address } = buckets(deps, input);
  return deps.rateLimiter.hit(address.key, address.limit, address.windowEndsAt);
}

/** Seconds to wait when the client's network is over its page limit for this request; undefined when it may go on. */
export async function requestLimit(deps: LimitDeps, req: Pick<HttpRequest, 'path' | 'sourceIp'>, token: string | undefined): Promise<number | undefined> {
  if (req.path === '/' || req.path === '/subscribe') return undefined;
  const now = deps.clock.now();
  const limits = deps.config.rateLimits;
  const unsubscribing = req.path === '/unsubscribe';
  if (unsubscribing && checkLinkToken(deps.config.tokenSecret, token, 'unsubscribe', now).kind !== 'invalid') return undefined;
  const b = unsubscribing
    ? requestBucket('unsubscribe', { ip: req.sourceIp, now, rule: limits.unsubscribePerIp ?? DEFAULT_REQUEST_LIMITS.unsubscribePerIp })
    : requestBucket('page', { ip: req.sourceIp, now, rule: limits.pagesPerIp ?? DEFAULT_REQUEST_LIMITS.pagesPerIp });
  return (await deps.rateLimiter.hit(b.key, b.limit, b.windowEndsAt)) ? undefined : retryAfterSeconds(b, now);
}
