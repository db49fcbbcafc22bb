/** A signed link → the subscriber it names. */
import { checkLinkToken, linkUrl, type LinkConfig, type LinkPurpose } from '../../domain/subscription/links.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { SubscriptionDeps } from './deps.js';

export type LinkResolution =
  | { kind: 'ok'; subscriber: Subscriber }
  /** Authentic, current, but nobody by that id any more. */
  | { kind: 'gone'; subscriberId: string }
  | { kind: 'expired' }
  | { kind: 'invalid' };

export async function resolveLink(deps: Pick<SubscriptionDeps, 'subscribers' | 'clock' | 'config'>, token: string | undefined, purpose: LinkPurpose): Promise<LinkResolution> {
  const check = checkLinkToken(deps.config.tokenSecret, token, purpose, deps.clock.now());
  if (check.kind !== 'valid') return check;
  const subscriber = await deps.subscribers.get(check.payload.sub);
  return subscriber ? { kind: 'ok', subscriber } : { kind: 'gone', subscriberId: check.payload.sub };
}

export function linkConfig(deps: Pick<SubscriptionDeps, 'config'>): LinkConfig {
  const { publicBaseUrl, tokenSecret, confirmTtlHours, linkTtlDays } = deps.config;
  return { publicBaseUrl, tokenSecret, confirmTtlHours, linkTtlDays };
}

export function freshLink(deps: Pick<SubscriptionDeps, 'config' | 'clock'>, purpose: LinkPurpose, subscriberId: string): string {
  return linkUrl(linkConfig(deps), purpose, subscriberId, deps.clock.now());
}
