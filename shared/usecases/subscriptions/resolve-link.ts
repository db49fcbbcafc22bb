/** A link's token → the subscriber it names; and the links pages and emails carry. */
import { checkLinkToken, linkToken, linkUrl, type LinkConfig, type LinkPurpose } from '../../domain/subscription/links.js';
import type { TokenPayload } from '../../domain/signed-token.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { SubscriptionDeps } from './deps.js';

export type LinkResolution =
  | { kind: 'ok'; subscriber: Subscriber; token: TokenPayload }
  /** Authentic, current, but nobody by that id any more. */
  | { kind: 'gone'; subscriberId: string; token: TokenPayload }
  | { kind: 'expired' }
  | { kind: 'invalid' };

export async function resolveLink(deps: Pick<SubscriptionDeps, 'subscribers' | 'clock' | 'config'>, token: string | undefined, purpose: LinkPurpose): Promise<LinkResolution> {
  const check = checkLinkToken(deps.config.tokenSecret, token, purpose, deps.clock.now());
  if (check.kind !== 'valid') return check;
  const subscriber = await deps.subscribers.get(check.payload.sub);
  return subscriber ? { kind: 'ok', subscriber, token: check.payload } : { kind: 'gone', subscriberId: check.payload.sub, token: check.payload };
}

export function linkConfig(deps: Pick<SubscriptionDeps, 'config'>): LinkConfig {
  const { publicBaseUrl, tokenSecret, confirmTtlHours, linkTtlDays } = deps.config;
  return { publicBaseUrl, tokenSecret, confirmTtlHours, linkTtlDays };
}

/** A link for an email to the address: opening that email proves the mailbox afresh, so it gets its full lifetime. */
export function mailedLink(deps: Pick<SubscriptionDeps, 'config' | 'clock'>, purpose: LinkPurpose, subscriberId: string, ref?: string): string {
  return linkUrl(linkConfig(deps), purpose, subscriberId, deps.clock.now(), ref ? { ref } : {});
}

/**
 * A link on a page reached by the link `used`: it expires no later than `used` does, so going from page to page
 * never renews a link (an old, forwarded or leaked link stops working when it was meant to).
 */
export function onwardLink(deps: Pick<SubscriptionDeps, 'config' | 'clock'>, purpose: LinkPurpose, subscriberId: string, used: TokenPayload): string {
  return linkUrl(linkConfig(deps), purpose, subscriberId, deps.clock.now(), { notAfter: used.exp });
}

/** The token of an onward link, for a form on the page to post. */
export function onwardToken(deps: Pick<SubscriptionDeps, 'config' | 'clock'>, purpose: LinkPurpose, subscriberId: string, used: TokenPayload): string {
  return linkToken(linkConfig(deps), purpose, subscriberId, deps.clock.now(), { notAfter: used.exp });
}
