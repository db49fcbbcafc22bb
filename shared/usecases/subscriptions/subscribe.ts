/**
 * subscribe: the double opt-in request. Whatever the address's state, the caller learns only "accepted"
 * (or that its own network is sending too many requests): not from the answer, and not from its timing.
 * Nothing stored about a person changes here: a request only waits as a pending change for its confirmation.
 */
import { decideSubscribe } from '../../domain/subscription/address-requests.js';
import { preferredHolder } from '../../domain/subscription/holders.js';
import { normaliseEmail } from '../../domain/subscription/email-address.js';
import type { SubscribeRequest } from '../../domain/subscription/preference-fields.js';
import { addressHolders, claimOwnId } from './address-holders.js';
import { paced } from './answer-pacing.js';
import type { SubscriptionDeps } from './deps.js';
import { mailConfirmation, mailManageLinks } from './mail-links.js';
import { addressAllowed, networkLimited } from './request-limits.js';

export type SubscribeOutcome =
  /** What the caller is told in every case but one. `detail` is for logs only, never for the response. */
  | { kind: 'accepted'; detail: 'confirmation-sent' | 'manage-link-sent' | 'suppressed' | 'address-limited' | 'recipient-unverified' }
  /** The client's network sent too many requests (says nothing about the address). */
  | { kind: 'rate-limited'; retryAfterSeconds: number };

export async function subscribe(deps: SubscriptionDeps, input: { request: SubscribeRequest; clientIp: string }): Promise<SubscribeOutcome> {
  const email = normaliseEmail(input.request.email);
  const limits = { ip: input.clientIp, email };
  const retryAfterSeconds = await networkLimited(deps, limits);
  if (retryAfterSeconds !== undefined) return { kind: 'rate-limited', retryAfterSeconds };
  return paced(deps, async () => {
    if (!(await addressAllowed(deps, limits))) return { kind: 'accepted', detail: 'address-limited' };
    // The same reads whatever the address's state.
    const { holders, suppressed } = await addressHolders(deps, email);
    const ownId = await claimOwnId(deps, email, holders);
    const decision = decideSubscribe(preferredHolder(holders, ownId), { ...input.request, email }, { now: deps.clock.now(), newId: ownId, changeId: deps.randomId(), suppressed });
    if (decision.kind === 'silent') return { kind: 'accepted', detail: 'suppressed' };
    if (decision.kind === 'manage') {
      const mailed = await mailManageLinks(deps, decision.subscriber, email, 'subscribe');
      return { kind: 'accepted', detail: mailed === 'sent' ? 'manage-link-sent' : mailed };
    }
    await deps.subscribers.put(decision.subscriber);
    const mailed = await mailConfirmation(deps, decision.subscriber, email);
    return { kind: 'accepted', detail: mailed === 'sent' ? 'confirmation-sent' : mailed };
  });
}
