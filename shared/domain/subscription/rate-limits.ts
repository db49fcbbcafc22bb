/**
 * Abuse limits of the subscription pages: fixed windows per client network on every request, and per address on
 * subscribe requests. Keys hold hashes, never raw IPs or addresses, so the counters table holds no personal data.
 */
import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { normaliseEmail } from './email-address.js';

export { DEFAULT_REQUEST_LIMITS } from './rate-limit-defaults.js';

export interface RateLimitRule {
  limit: number;
  windowMinutes: number;
}

export interface RateLimitBucket {
  scope: 'ip' | 'address';
  /** Names the counter and its window. */
  key: string;
  limit: number;
  windowEndsAt: Date;
}

/**
 * The network a client is limited by: an IPv4 address itself, an IPv6 address by its /64
 * (one host usually holds a whole /64, so per-address limits would be trivial to dodge).
 */
export function clientNetwork(ip: string): string {
  if (!ipaddr.isValid(ip)) return 'unknown';
  const addr = ipaddr.process(ip);
  if (addr.kind() === 'ipv4') return addr.toString();
  const bytes = addr.toByteArray().slice(0, 8);
  return `${Buffer.from(bytes).toString('hex')}::/64`;
}

/** What a request counts against: subscribe requests, the other pages, or unsubscribe links (never the pages' bucket). */
export type RequestKind = 'subscribe' | 'page' | 'unsubscribe';

function bucket(kind: RequestKind, scope: RateLimitBucket['scope'], subject: string, rule: RateLimitRule, now: Date): RateLimitBucket {
  const windowMs = rule.windowMinutes * 60_000;
  const index = Math.floor(now.getTime() / windowMs);
  const digest = createHash('sha256').update(`${scope}:${subject}`, 'utf8').digest('hex').slice(0, 32);
  return { scope, key: `${kind}:${scope}:${digest}:${rule.windowMinutes}m:${index}`, limit: rule.limit, windowEndsAt: new Date((index + 1) * windowMs) };
}

/** The two counters one subscribe request counts against. */
export function subscribeBuckets(input: { ip: string; email: string; now: Date; rules: { perIp: RateLimitRule; perAddress: RateLimitRule } }) {
  return {
    ip: bucket('subscribe', 'ip', clientNetwork(input.ip), input.rules.perIp, input.now),
    address: bucket('subscribe', 'address', normaliseEmail(input.email), input.rules.perAddress, input.now),
  };
}

/** The counter of the client's network for a page or unsubscribe request. */
export function requestBucket(kind: Exclude<RequestKind, 'subscribe'>, input: { ip: string; now: Date; rule: RateLimitRule }): RateLimitBucket {
  return bucket(kind, 'ip', clientNetwork(input.ip), input.rule, input.now);
}

/** Whole seconds until the bucket's window ends (at least 1), for Retry-After. */
export function retryAfterSeconds(b: RateLimitBucket, now: Date): number {
  return Math.max(1, Math.ceil((b.windowEndsAt.getTime() - now.getTime()) / 1000));
}
