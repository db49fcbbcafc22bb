/**
 * unsubscribe (RFC 8058): GET only asks; POST unsubscribes at once, needs no cookie or session, and is
 * harmless to repeat. Forged and expired links change nothing.
 */
import { leaveChannel } from '../../domain/subscription/lifecycle.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { SubscriptionDeps } from './deps.js';
import { onwardLink, resolveLink } from './resolve-link.js';

export type UnsubscribeView = { kind: 'ok'; subscriber?: Subscriber; preferencesUrl: string } | { kind: 'expired' } | { kind: 'invalid' };
export type UnsubscribeResult = { kind: 'unsubscribed'; changed: boolean } | { kind: 'expired' } | { kind: 'invalid' };

export async function viewUnsubscribe(deps: SubscriptionDeps, token: string | undefined): Promise<UnsubscribeView> {
  const link = await resolveLink(deps, token, 'unsubscribe');
  if (link.kind === 'expired' || link.kind === 'invalid') return link;
  const id = link.kind === 'ok' ? link.subscriber.id : link.subscriberId;
  return { kind: 'ok', ...(link.kind === 'ok' ? { subscriber: link.subscriber } : {}), preferencesUrl: onwardLink(deps, 'preferences', id, link.token) };
}

export async function unsubscribe(deps: SubscriptionDeps, token: string | undefined): Promise<UnsubscribeResult> {
  const link = await resolveLink(deps, token, 'unsubscribe');
  if (link.kind === 'expired' || link.kind === 'invalid') return link;
  if (link.kind === 'gone') return { kind: 'unsubscribed', changed: false };
  const next = leaveChannel(link.subscriber, 'email');
  if (next) {
    await deps.subscribers.put(next);
    deps.log?.('unsubscribed', { subscriberId: next.id, status: next.status });
  }
  return { kind: 'unsubscribed', changed: next !== undefined };
}
