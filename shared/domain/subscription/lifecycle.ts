/**
 * The subscriber lifecycle as pure transitions: pending (double opt-in) → active ⇄ paused → unsubscribed;
 * suppressed (bounce or complaint) is final for the email address. Every transition returns a new record,
 * or undefined when nothing changes (so repeats write nothing). Requests by an address wait as a pending
 * change until confirmed (pending-change.ts).
 */
import type { Channel, Subscriber } from '../subscriber.js';
import type { Preferences, PreferencesUpdate } from './preference-fields.js';

/** The subscriber with these choices (topics, how often, time zone, quiet hours), everything else kept. */
export function withPreferences(sub: Subscriber, prefs: Preferences): Subscriber {
  const { digest: _digest, quietHours: _quiet, ...rest } = sub;
  return { ...rest, topics: prefs.topics, mode: prefs.mode, timeZone: prefs.timeZone, ...(prefs.digest ? { digest: prefs.digest } : {}), ...(prefs.quietHours ? { quietHours: prefs.quietHours } : {}) };
}

export function isEmailSuppressed(sub: Subscriber | undefined): boolean {
  return sub?.status === 'suppressed' || sub?.suppression !== undefined;
}

/** Email alerts go (or, paused, would go) to the subscriber's address. */
export function emailReceives(sub: Subscriber): boolean {
  return (sub.status === 'active' || sub.status === 'paused') && sub.channels.includes('email') && sub.email !== undefined && !isEmailSuppressed(sub);
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
