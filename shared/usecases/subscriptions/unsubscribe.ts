/**
 * unsubscribe (RFC 8058): GET only asks; POST unsubscribes at once, needs no cookie or session, and is
 * harmless to repeat. Forged and expired links change nothing. A link opened when its address gets no email
 * alerts says so, and offers resuming (a confirmation from the mailbox, as on the preferences page).
 */
import { emailReceives, isEmailSuppressed, leaveChannel } from '../../domain/subscription/lifecycle.js';
import type { TokenPayload } from '../../domain/signed-token.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { SubscriptionDeps } from './deps.js';
import { onwardLink, onwardToken, resolveLink } from './resolve-link.js';

export type UnsubscribeView =
  /** Email alerts go to the address: ask before unsubscribing. */
  | { kind: 'ok'; subscriber?: Subscriber; preferencesUrl: string }
  /** No email alerts go to the address (any more). `resumeToken`: a preferences token to resume with, when it can. */
  | { kind: 'unsubscribed'; resumeToken?: string }
  | { kind: 'expired' }
  | { kind: 'invalid' };
export type UnsubscribeResult = { kind: 'unsubscribed'; changed: boolean; resumeToken?: string } | { kind: 'expired' } | { kind: 'invalid' };

/** Resuming needs an address to confirm by; a suppressed one is never mailed. */
function resumeToken(deps: SubscriptionDeps, sub: Subscriber, used: TokenPayload): { resumeToken?: string } {
  return sub.email && !isEmailSuppressed(sub) ? { resumeToken: onwardToken(deps, 'preferences', sub.id, used) } : {};
}

export async function viewUnsubscribe(deps: SubscriptionDeps, token: string | undefined): Promise<UnsubscribeView> {
  const link = await resolveLink(deps, token, 'unsubscribe');
  if (link.kind === 'expired' || link.kind === 'invalid') return link;
  if (link.kind === 'gone') return { kind: 'unsubscribed' };
  const sub = link.subscriber;
  if (!emailReceives(sub) && sub.status !== 'pending') return { kind: 'unsubscribed', ...resumeToken(deps, sub, link.token) };
  return { kind: 'ok', subscriber: sub, preferencesUrl: onwardLink(deps, 'preferences', sub.id, link.token) };
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
  return { kind: 'unsubscribed', changed: next !== undefined, ...resumeToken(deps, next ?? link.subscriber, link.token) };
}
