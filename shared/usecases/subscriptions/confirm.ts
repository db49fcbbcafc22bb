/**
 * confirm: the double opt-in link, naming the pending change it applies. GET shows what is being confirmed; only
 * POST confirms. The change's choices, the status and the consent record change here and nowhere before.
 */
import { isEmailSuppressed, suppressEmailOf } from '../../domain/subscription/lifecycle.js';
import { applyChange, previewChange } from '../../domain/subscription/pending-change.js';
import type { TokenPayload } from '../../domain/signed-token.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { SubscriptionDeps } from './deps.js';
import { onwardLink, resolveLink } from './resolve-link.js';

export type ConfirmView =
  /** `subscriber` as the change would make it. */
  | { kind: 'pending'; subscriber: Subscriber }
  | { kind: 'already'; subscriber: Subscriber; preferencesUrl: string }
  /** Replaced by a later request, or unsubscribed, suppressed or deleted since the link was sent: a new subscribe is needed. */
  | { kind: 'gone' }
  | { kind: 'expired' }
  | { kind: 'invalid' };

export type ConfirmResult = Exclude<ConfirmView, { kind: 'pending' }> | { kind: 'confirmed'; subscriber: Subscriber; preferencesUrl: string };

type Found = { kind: 'pending'; stored: Subscriber; changeId: string; token: TokenPayload } | Exclude<ConfirmView, { kind: 'pending' }>;

async function find(deps: SubscriptionDeps, token: string | undefined): Promise<Found> {
  const link = await resolveLink(deps, token, 'confirm');
  if (link.kind === 'gone') return { kind: 'gone' };
  if (link.kind !== 'ok') return link;
  const sub = link.subscriber;
  const changeId = link.token.ref;
  if (changeId && sub.pendingChange?.id === changeId) return { kind: 'pending', stored: sub, changeId, token: link.token };
  if (sub.status === 'active' || sub.status === 'paused') return { kind: 'already', subscriber: sub, preferencesUrl: onwardLink(deps, 'preferences', sub.id, link.token) };
  return { kind: 'gone' };
}

export async function viewConfirmation(deps: SubscriptionDeps, token: string | undefined): Promise<ConfirmView> {
  const found = await find(deps, token);
  return found.kind === 'pending' ? { kind: 'pending', subscriber: previewChange(found.stored) } : found;
}

export async function confirmSubscription(deps: SubscriptionDeps, token: string | undefined): Promise<ConfirmResult> {
  const found = await find(deps, token);
  if (found.kind !== 'pending') return found;
  const sub = found.stored;
  // A bounce or complaint may have arrived while the link was in the inbox.
  const suppression = sub.email ? await deps.suppressions.get(sub.email) : undefined;
  if (suppression || isEmailSuppressed(sub)) {
    const suppressed = suppression ? suppressEmailOf(sub, suppression.reason, suppression.at) : undefined;
    if (suppressed) await deps.subscribers.put(suppressed);
    return { kind: 'gone' };
  }
  const confirmed = applyChange(sub, found.changeId, deps.clock.now())!;
  await deps.subscribers.put(confirmed);
  deps.log?.('subscription confirmed', { subscriberId: sub.id });
  return { kind: 'confirmed', subscriber: confirmed, preferencesUrl: onwardLink(deps, 'preferences', sub.id, found.token) };
}
