/**
 * Per-network limits on the subscription pages that read or write subscribers (confirm, preferences, unsubscribe), so
 * one client cannot run up everyone's table bill; the subscribe post counts its own, per address too, and the static
 * form touches no store (a counter write would cost more than the page; the route's throttle caps it). Nobody is
 * locked out of unsubscribing by them: a link that verifies (an expired one too: its page says so) never counts, and
 * forged or mangled ones count in a bucket of their own, apart from the pages.
 */
import { checkLinkToken } from '../../domain/subscription/links.js';
import { DEFAULT_REQUEST_LIMITS, requestBucket, retryAfterSeconds } from '../../domain/subscription/rate-limits.js';
import type { SubscriptionDeps } from './deps.js';
import type { HttpRequest } from './http-types.js';

/** Seconds to wait when the client's network is over its limit for this request; undefined when it may go on. */
export async function requestLimit(deps: Pick<SubscriptionDeps, 'rateLimiter' | 'clock' | 'config'>, req: Pick<HttpRequest, 'path' | 'sourceIp'>, method: string, token: string | undefined): Promise<number | undefined> {
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
