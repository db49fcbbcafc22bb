/**
 * preferences: the signed link from every alert. Saves choices and pauses at once; coming back after an
 * unsubscribe waits for a fresh confirmation from the mailbox (the link may be old, forwarded or leaked).
 */
import { decideResume } from '../../domain/subscription/address-requests.js';
import { applyPreferences, availableChannels } from '../../domain/subscription/lifecycle.js';
import { parsePreferenceFields, type FieldErrors, type RawPreferenceFields } from '../../domain/subscription/preference-fields.js';
import type { Channel, Subscriber } from '../../domain/subscriber.js';
import type { SubscriptionDeps } from './deps.js';
import { mailConfirmation } from './mail-links.js';
import { addressAllowed, networkLimited } from './request-limits.js';
import { onwardLink, resolveLink } from './resolve-link.js';

export type PreferencesView =
  | { kind: 'ok'; subscriber: Subscriber; availableChannels: Channel[]; unsubscribeUrl: string }
  /** Mail to the address bounced or was reported as spam: there is nothing to set. */
  | { kind: 'suppressed' }
  | { kind: 'gone' }
  | { kind: 'expired' }
  | { kind: 'invalid' };

export type PreferencesResult =
  | Exclude<PreferencesView, { kind: 'ok' }>
  | { kind: 'saved'; subscriber: Subscriber }
  /** Resuming after an unsubscribe: a confirm link went to the address (unless it was asked for too often). */
  | { kind: 'confirmation-sent'; email: string }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'rejected'; subscriber: Subscriber; availableChannels: Channel[]; unsubscribeUrl: string; errors: FieldErrors };

export async function viewPreferences(deps: SubscriptionDeps, token: string | undefined): Promise<PreferencesView> {
  const link = await resolveLink(deps, token, 'preferences');
  if (link.kind === 'gone') return { kind: 'gone' };
  if (link.kind !== 'ok') return link;
  const sub = link.subscriber;
  if (sub.status === 'suppressed') return { kind: 'suppressed' };
  return { kind: 'ok', subscriber: sub, availableChannels: availableChannels(sub), unsubscribeUrl: onwardLink(deps, 'unsubscribe', sub.id, link.token) };
}

export async function savePreferences(
  deps: SubscriptionDeps,
  token: string | undefined,
  input: { action: 'save' | 'resume'; fields: RawPreferenceFields; clientIp: string },
): Promise<PreferencesResult> {
  const view = await viewPreferences(deps, token);
  if (view.kind !== 'ok') return view;
  const sub = view.subscriber;
  const suppressed = sub.email !== undefined && (await deps.suppressions.get(sub.email)) !== undefined;
  if (suppressed && !sub.channels.some((c) => c !== 'email')) return { kind: 'suppressed' };
  if (input.action === 'resume') return resume(deps, sub, { suppressed, clientIp: input.clientIp });
  const parsed = parsePreferenceFields(input.fields, deps.config.topics.map((t) => t.id), view.availableChannels);
  if (!parsed.ok) return { kind: 'rejected', subscriber: sub, availableChannels: view.availableChannels, unsubscribeUrl: view.unsubscribeUrl, errors: parsed.errors };
  const next = applyPreferences(sub, parsed.value);
  await deps.subscribers.put(next);
  deps.log?.('preferences saved', { subscriberId: sub.id, status: next.status });
  return { kind: 'saved', subscriber: next };
}

async function resume(deps: SubscriptionDeps, sub: Subscriber, input: { suppressed: boolean; clientIp: string }): Promise<PreferencesResult> {
  const decision = decideResume(sub, { now: deps.clock.now(), changeId: deps.randomId(), suppressed: input.suppressed });
  if (decision.kind === 'unchanged') return { kind: 'saved', subscriber: sub };
  if (decision.kind === 'unpaused') {
    await deps.subscribers.put(decision.subscriber);
    return { kind: 'saved', subscriber: decision.subscriber };
  }
  const email = sub.email!;
  const limits = { ip: input.clientIp, email };
  const retryAfterSeconds = await networkLimited(deps, limits);
  if (retryAfterSeconds !== undefined) return { kind: 'rate-limited', retryAfterSeconds };
  if (await addressAllowed(deps, limits)) {
    await deps.subscribers.put(decision.subscriber);
    await mailConfirmation(deps, decision.subscriber, email);
    deps.log?.('resume requested', { subscriberId: sub.id });
  }
  return { kind: 'confirmation-sent', email };
}
