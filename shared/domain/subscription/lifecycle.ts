/**
 * The subscriber lifecycle as pure transitions: pending (double opt-in) → active ⇄ paused → unsubscribed;
 * suppressed (bounce or complaint) is final for the email address. Every transition returns a new record,
 * or undefined when nothing changes (so repeats write nothing).
 */
import type { Channel, Subscriber } from '../subscriber.js';
import type { Preferences, PreferencesUpdate, SubscribeRequest } from './preference-fields.js';

export type SubscribeDecision =
  /** New, still pending, or gone: store as pending and mail the double opt-in link. */
  | { kind: 'confirm'; subscriber: Subscriber }
  /** Already receiving (or paused): leave the choices alone and mail a link to the preferences instead. */
  | { kind: 'manage'; subscriber: Subscriber }
  /** The address bounced or complained: mail nothing, ever. */
  | { kind: 'silent'; reason: 'suppressed' };

function withPreferences(sub: Subscriber, prefs: Preferences): Subscriber {
  const { digest: _digest, quietHours: _quiet, ...rest } = sub;
  return { ...rest, topics: prefs.topics, mode: prefs.mode, timeZone: prefs.timeZone, ...(prefs.digest ? { digest: prefs.digest } : {}), ...(prefs.quietHours ? { quietHours: prefs.quietHours } : {}) };
}

export function isEmailSuppressed(sub: Subscriber | undefined): boolean {
  return sub?.status === 'suppressed' || sub?.suppression !== undefined;
}

/** What a subscribe request does to whoever holds the address now (`existing`) or a new record with `newId`. */
export function decideSubscribe(existing: Subscriber | undefined, request: SubscribeRequest, ctx: { now: Date; newId: string; suppressed: boolean }): SubscribeDecision {
  if (ctx.suppressed || isEmailSuppressed(existing)) return { kind: 'silent', reason: 'suppressed' };
  const requestedAt = ctx.now.toISOString();
  if (existing && (existing.status === 'active' || existing.status === 'paused')) return { kind: 'manage', subscriber: existing };
  const base: Subscriber = existing ?? { id: ctx.newId, email: request.email, topics: [], channels: ['email'], mode: 'instant', timeZone: 'UTC', status: 'pending' };
  const channels: Channel[] = base.channels.includes('email') ? base.channels : [...base.channels, 'email'];
  return {
    kind: 'confirm',
    subscriber: { ...withPreferences(base, request), email: request.email, channels, status: 'pending', consent: { via: 'web', requestedAt } },
  };
}

/** Double opt-in confirmed: pending → active. Undefined when the record is not pending (already confirmed, or gone since). */
export function confirmSubscriber(sub: Subscriber, now: Date): Subscriber | undefined {
  if (sub.status !== 'pending') return undefined;
  return { ...sub, status: 'active', consent: { via: sub.consent?.via ?? 'web', requestedAt: sub.consent?.requestedAt ?? now.toISOString(), confirmedAt: now.toISOString() } };
}

/** The channels a subscriber has an address for (and newshound did not switch off itself). */
export function availableChannels(sub: Subscriber): Channel[] {
  const out: Channel[] = [];
  if (sub.email && !isEmailSuppressed(sub)) out.push('email');
  if (sub.telegramChatId) out.push('telegram');
  if (sub.webhookUrl) out.push('webhook');
  return out;
}

/** Saved preferences. A pause flips active ⇄ paused; other statuses keep theirs. */
export function applyPreferences(sub: Subscriber, update: PreferencesUpdate): Subscriber {
  const next = withPreferences(sub, update);
  let status = sub.status;
  if (update.paused && sub.status === 'active') status = 'paused';
  if (!update.paused && sub.status === 'paused') status = 'active';
  return { ...next, channels: update.channels.length > 0 ? update.channels : sub.channels, status };
}

/** Preferences opened from an alert while unsubscribed: resume with the same choices (the signed link proves the address). */
export function resumeSubscriber(sub: Subscriber): Subscriber | undefined {
  if (sub.status !== 'unsubscribed' && sub.status !== 'paused') return undefined;
  return { ...sub, status: 'active' };
}

/**
 * Leaves one channel (email through a List-Unsubscribe link, telegram through /stop). When no channel is
 * left the subscriber is unsubscribed (keeping the channel list, so a later opt-in restores it).
 * Undefined when already done.
 */
export function leaveChannel(sub: Subscriber, channel: Channel): Subscriber | undefined {
  if (sub.status === 'unsubscribed' || sub.status === 'suppressed') return undefined;
  if (!sub.channels.includes(channel)) return undefined;
  const rest = sub.channels.filter((c) => c !== channel);
  if (rest.length === 0 || sub.status === 'pending') return { ...sub, status: 'unsubscribed' };
  return { ...sub, channels: rest };
}

/**
 * A permanent bounce or a complaint for the subscriber's address: email stops for good. A subscriber with
 * no other channel becomes 'suppressed'; one with Telegram or a webhook keeps those. Undefined when already applied.
 */
export function suppressEmailOf(sub: Subscriber, reason: 'bounce' | 'complaint', at: string): Subscriber | undefined {
  if (sub.suppression) return undefined;
  const others = sub.channels.filter((c) => c !== 'email');
  const suppression = { reason, at };
  if (others.length === 0 || sub.status === 'pending') return { ...sub, status: 'suppressed', suppression };
  return { ...sub, channels: others, suppression, disabledChannels: { ...sub.disabledChannels, email: { reason: `suppressed: ${reason}`, at } } };
}
