/**
 * A request made by typing an address (subscribe, or resume after an unsubscribe) proves nothing about who typed
 * it. It is held as the record's pending change: the topics, status and consent record stay as they are until the
 * confirm link naming the change is used, which proves control of the mailbox.
 */
import type { PendingChange, Subscriber } from '../subscriber.js';
import { withPreferences } from './lifecycle.js';
import type { Preferences } from './preference-fields.js';

/** The record with `prefs` waiting for confirmation (replacing an earlier request, whose link then applies nothing). */
export function requestChange(sub: Subscriber, prefs: Preferences, ctx: { changeId: string; now: Date }): Subscriber {
  const { topics, mode, timeZone, digest, quietHours } = prefs;
  const change: PendingChange = { id: ctx.changeId, requestedAt: ctx.now.toISOString(), preferences: { topics, mode, timeZone, ...(digest ? { digest } : {}), ...(quietHours ? { quietHours } : {}) } };
  return { ...sub, pendingChange: change };
}

/** A record for an address nobody holds yet: pending, with no choices of its own until the request is confirmed. */
export function newPendingSubscriber(id: string, email: string): Subscriber {
  return { id, email, topics: [], channels: ['email'], mode: 'instant', timeZone: 'UTC', status: 'pending' };
}

/** The choices a subscriber has now, as a request to keep them (resuming after an unsubscribe). */
export function currentPreferences(sub: Subscriber): Preferences {
  return { topics: sub.topics, mode: sub.mode, timeZone: sub.timeZone, ...(sub.digest ? { digest: sub.digest } : {}), ...(sub.quietHours ? { quietHours: sub.quietHours } : {}) };
}

/** The subscriber as its pending change would make it, for showing what a confirmation would confirm. */
export function previewChange(sub: Subscriber): Subscriber {
  const { pendingChange: change, ...rest } = sub;
  return change ? withPreferences(rest, change.preferences) : rest;
}

/**
 * The confirm link for change `changeId` was used: its choices take effect, email alerts start, consent is recorded.
 * Undefined when the record holds no such change (applied already, or replaced by a later request).
 */
export function applyChange(sub: Subscriber, changeId: string, now: Date): Subscriber | undefined {
  const change = sub.pendingChange;
  if (!change || change.id !== changeId) return undefined;
  const { pendingChange: _applied, ...rest } = withPreferences(sub, change.preferences);
  const channels = rest.channels.includes('email') ? rest.channels : [...rest.channels, 'email' as const];
  return { ...rest, channels, status: 'active', consent: { via: 'web', requestedAt: change.requestedAt, confirmedAt: now.toISOString() } };
}
