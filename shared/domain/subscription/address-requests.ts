/** What a request made for an address does to the record holding it: never more than recording a pending change. */
import type { Subscriber } from '../subscriber.js';
import { isEmailSuppressed } from './lifecycle.js';
import { currentPreferences, newPendingSubscriber, requestChange } from './pending-change.js';
import type { SubscribeRequest } from './preference-fields.js';

export type SubscribeDecision =
  /** New, pending or unsubscribed: store the request as a pending change and mail its confirm link. */
  | { kind: 'confirm'; subscriber: Subscriber }
  /** Already receiving (or paused): leave everything alone and mail links to the preferences instead. */
  | { kind: 'manage'; subscriber: Subscriber }
  /** The address bounced or complained: mail nothing, ever. */
  | { kind: 'silent'; reason: 'suppressed' };

export interface RequestContext {
  now: Date;
  /** The id a new record gets (the address's self-service id). */
  newId: string;
  changeId: string;
  /** A suppression is on record for the address. */
  suppressed: boolean;
}

/** A subscribe request for whoever holds the address now (`existing`), or for a new record. */
export function decideSubscribe(existing: Subscriber | undefined, request: SubscribeRequest, ctx: RequestContext): SubscribeDecision {
  if (ctx.suppressed || isEmailSuppressed(existing)) return { kind: 'silent', reason: 'suppressed' };
  if (existing && (existing.status === 'active' || existing.status === 'paused')) return { kind: 'manage', subscriber: existing };
  const { email: _email, ...prefs } = request;
  return { kind: 'confirm', subscriber: requestChange(existing ?? newPendingSubscriber(ctx.newId, request.email), prefs, ctx) };
}

export type ResumeDecision =
  /** Paused: the pause ends at once (the person never left). */
  | { kind: 'unpaused'; subscriber: Subscriber }
  /** Unsubscribed, or email left while another channel stayed: the same choices wait as a pending change for a confirmation from the mailbox (which turns email on). */
  | { kind: 'confirm'; subscriber: Subscriber }
  /** Nothing to resume, or no address to confirm it by (a Telegram chat comes back with /start). */
  | { kind: 'unchanged' };

/** "Resume" on the preferences page, reached by a link that may be old, forwarded or leaked. */
export function decideResume(sub: Subscriber, ctx: Omit<RequestContext, 'newId'>): ResumeDecision {
  if (sub.status === 'paused') return { kind: 'unpaused', subscriber: { ...sub, status: 'active' } };
  const emailLeft = sub.status === 'active' && !sub.channels.includes('email');
  if ((sub.status !== 'unsubscribed' && !emailLeft) || !sub.email || ctx.suppressed || isEmailSuppressed(sub)) return { kind: 'unchanged' };
  return { kind: 'confirm', subscriber: requestChange(sub, currentPreferences(sub), ctx) };
}
