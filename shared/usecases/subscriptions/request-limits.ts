/**
 * Abuse limits on requests that mail an address: per client network (said, with a retry time) and per address
 * (never said: a 429 there would tell a stranger that someone asked for this address).
 */
import { retryAfterSeconds, subscribeBuckets } from '../../domain/subscription/rate-limits.js';
import type { SubscriptionDeps } from './deps.js';

type LimitDeps = Pick<SubscriptionDeps, 'rateLimiter' | 'clock' | 'config'>;

function buckets(deps: LimitDeps, input: { ip: string; email: string }) {
  return subscribeBuckets({ ...input, now: deps.clock.now(), rules: deps.config.rateLimits });
}

/** Seconds to wait when the client's network sent too many requests; undefined when this one counts within the limit. */
export async function networkLimited(deps: LimitDeps, input: { ip: string; email: string }): Promise<number | undefined> {
  const { ip } = buckets(deps, input);
  return (await deps.rateLimiter.hit(ip.key, ip.limit, ip.windowEndsAt)) ? undefined : retryAfterSeconds(ip, deps.clock.now());
}

/** True when this request counts within the address's limit. */
export async function addressAllowed(deps: LimitDeps, input: { ip: string; email: string }): Promise<boolean> {
  const { address } = buckets(deps, input);
  return deps.rateLimiter.hit(address.key, address.limit, address.windowEndsAt);
}
