/** confirm: the double opt-in link. GET shows what is being confirmed; only POST confirms. */
import { confirmSubscriber, isEmailSuppressed, suppressEmailOf } from '../../domain/subscription/lifecycle.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { SubscriptionDeps } from './deps.js';
import { freshLink, resolveLink } from './resolve-link.js';

export type ConfirmView =
  | { kind: 'pending'; subscriber: Subscriber }
  | { kind: 'already'; subscriber: Subscriber; preferencesUrl: string }
  /** Unsubscribed, suppressed or deleted since the link was sent: a new subscribe is needed. */
  | { kind: 'gone' }
  | { kind: 'expired' }
  | { kind: 'invalid' };

export type ConfirmResult = Exclude<ConfirmView, { kind: 'pending' }> | { kind: 'confirmed'; subscriber: Subscriber; preferencesUrl: string };

export async function viewConfirmation(deps: SubscriptionDeps, token: string | undefined): Promise<ConfirmView> {
  const link = await resolveLink(deps, token, 'confirm');
  if (link.kind === 'gone') return { kind: 'gone' };
  if (link.kind !== 'ok') return link;
  const sub = link.subscriber;
  if (sub.status === 'pending') return { kind: 'pending', subscriber: sub };
  if (sub.status === 'active' || sub.status === 'paused') return { kind: 'already', subscriber: sub, preferencesUrl: freshLink(deps, 'preferences', sub.id) };
  return { kind: 'gone' };
}

export async function confirmSubscription(deps: SubscriptionDeps, token: string | undefined): Promise<ConfirmResult> {
  const view = await viewConfirmation(deps, token);
  if (view.kind !== 'pending') return view;
  const sub = view.subscriber;
  // A bounce or complaint may have arrived while the link was in the inbox.
  const suppression = sub.email ? await deps.suppressions.get(sub.email) : undefined;
  if (suppression || isEmailSuppressed(sub)) {
    const suppressed = suppression ? suppressEmailOf(sub, suppression.reason, suppression.at) : undefined;
    if (suppressed) await deps.subscribers.put(suppressed);
    return { kind: 'gone' };
  }
  const confirmed = confirmSubscriber(sub, deps.clock.now())!;
  await deps.subscribers.put(confirmed);
  deps.log?.('subscription confirmed', { subscriberId: sub.id });
  return { kind: 'confirmed', subscriber: confirmed, preferencesUrl: freshLink(deps, 'preferences', sub.id) };
}
