/** preferences: the signed link from every alert. Saves choices, pauses, resumes. */
import { applyPreferences, availableChannels, resumeSubscriber } from '../../domain/subscription/lifecycle.js';
import { parsePreferenceFields, type FieldErrors, type RawPreferenceFields } from '../../domain/subscription/preference-fields.js';
import type { Channel, Subscriber } from '../../domain/subscriber.js';
import type { SubscriptionDeps } from './deps.js';
import { freshLink, resolveLink } from './resolve-link.js';

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
  | { kind: 'rejected'; subscriber: Subscriber; availableChannels: Channel[]; unsubscribeUrl: string; errors: FieldErrors };

export async function viewPreferences(deps: SubscriptionDeps, token: string | undefined): Promise<PreferencesView> {
  const link = await resolveLink(deps, token, 'preferences');
  if (link.kind === 'gone') return { kind: 'gone' };
  if (link.kind !== 'ok') return link;
  const sub = link.subscriber;
  if (sub.status === 'suppressed') return { kind: 'suppressed' };
  return { kind: 'ok', subscriber: sub, availableChannels: availableChannels(sub), unsubscribeUrl: freshLink(deps, 'unsubscribe', sub.id) };
}

export async function savePreferences(deps: SubscriptionDeps, token: string | undefined, input: { action: 'save' | 'resume'; fields: RawPreferenceFields }): Promise<PreferencesResult> {
  const view = await viewPreferences(deps, token);
  if (view.kind !== 'ok') return view;
  const sub = view.subscriber;
  if (sub.email && (await deps.suppressions.get(sub.email)) && !sub.channels.some((c) => c !== 'email')) return { kind: 'suppressed' };
  if (input.action === 'resume') {
    const resumed = resumeSubscriber(sub);
    if (resumed) await deps.subscribers.put(resumed);
    return { kind: 'saved', subscriber: resumed ?? sub };
  }
  const parsed = parsePreferenceFields(input.fields, deps.config.topics.map((t) => t.id), view.availableChannels);
  if (!parsed.ok) return { kind: 'rejected', subscriber: sub, availableChannels: view.availableChannels, unsubscribeUrl: view.unsubscribeUrl, errors: parsed.errors };
  const next = applyPreferences(sub, parsed.value);
  await deps.subscribers.put(next);
  deps.log?.('preferences saved', { subscriberId: sub.id, status: next.status });
  return { kind: 'saved', subscriber: next };
}
