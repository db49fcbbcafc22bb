/**
 * subscribe: the double opt-in request. Whatever the address's state, the caller learns only "accepted"
 * (or that its own network is sending too many requests): never whether the address is subscribed.
 */
import { normaliseEmail } from '../../domain/subscription/email-address.js';
import { renderConfirmationEmail, renderManageEmail } from '../../domain/subscription/emails.js';
import { distinctById, preferredHolder } from '../../domain/subscription/holders.js';
import { decideSubscribe, isEmailSuppressed } from '../../domain/subscription/lifecycle.js';
import type { SubscribeRequest } from '../../domain/subscription/preference-fields.js';
import { retryAfterSeconds, subscribeBuckets } from '../../domain/subscription/rate-limits.js';
import { webSubscriberId } from '../../domain/subscription/subscriber-ids.js';
import type { Subscriber } from '../../domain/subscriber.js';
import { RecipientNotVerifiedError } from '../../ports/errors.js';
import type { OutgoingEmail } from '../../ports/senders.js';
import type { SubscriptionDeps } from './deps.js';
import { freshLink } from './resolve-link.js';

export type SubscribeOutcome =
  /** What the caller is told in every case but one. `detail` is for logs only, never for the response. */
  | { kind: 'accepted'; detail: 'confirmation-sent' | 'manage-link-sent' | 'suppressed' | 'address-limited' | 'recipient-unverified' }
  /** The client's network sent too many requests (says nothing about the address). */
  | { kind: 'rate-limited'; retryAfterSeconds: number };

/** Every record holding the address: lookups (admin-defined, self-service) plus the web record with the address's id. */
export async function holdersOf(deps: Pick<SubscriptionDeps, 'subscribers'>, email: string): Promise<Subscriber[]> {
  const found = distinctById([...(await deps.subscribers.findByEmail(email)), await deps.subscribers.get(webSubscriberId(email))]);
  return found.filter((s) => s.email !== undefined && normaliseEmail(s.email) === normaliseEmail(email));
}

export async function subscribe(deps: SubscriptionDeps, input: { request: SubscribeRequest; clientIp: string }): Promise<SubscribeOutcome> {
  const now = deps.clock.now();
  const email = normaliseEmail(input.request.email);
  const buckets = subscribeBuckets({ ip: input.clientIp, email, now, rules: deps.config.rateLimits });
  if (!(await deps.rateLimiter.hit(buckets.ip.key, buckets.ip.limit, buckets.ip.windowEndsAt))) {
    return { kind: 'rate-limited', retryAfterSeconds: retryAfterSeconds(buckets.ip, now) };
  }
  // Per address the answer stays "accepted": a 429 here would tell a stranger someone asked for this address.
  if (!(await deps.rateLimiter.hit(buckets.address.key, buckets.address.limit, buckets.address.windowEndsAt))) {
    return { kind: 'accepted', detail: 'address-limited' };
  }

  const holders = await holdersOf(deps, email);
  const suppressed = (await deps.suppressions.get(email)) !== undefined || holders.some(isEmailSuppressed);
  const existing = preferredHolder(holders, webSubscriberId(email));
  const decision = decideSubscribe(existing, { ...input.request, email }, { now, newId: webSubscriberId(email), suppressed });
  if (decision.kind === 'silent') return { kind: 'accepted', detail: 'suppressed' };

  const sub = decision.subscriber;
  if (decision.kind === 'confirm') {
    await deps.subscribers.put(sub);
    const rendered = renderConfirmationEmail({ subscriber: sub, topics: deps.config.topics, confirmUrl: freshLink(deps, 'confirm', sub.id), ttlHours: deps.config.confirmTtlHours });
    return send(deps, outgoing(deps, email, rendered), 'confirmation-sent');
  }
  const unsubscribeUrl = freshLink(deps, 'unsubscribe', sub.id);
  const rendered = renderManageEmail({ subscriber: sub, topics: deps.config.topics, preferencesUrl: freshLink(deps, 'preferences', sub.id), unsubscribeUrl });
  return send(deps, outgoing(deps, email, rendered, { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }), 'manage-link-sent');
}

/**
 * A recipient the provider will not mail yet (the SES sandbox refuses every address the operator has not verified) is
 * answered like any other address: the request is kept, and the caller learns nothing about this address.
 */
async function send(deps: SubscriptionDeps, email: OutgoingEmail, detail: 'confirmation-sent' | 'manage-link-sent'): Promise<SubscribeOutcome> {
  try {
    await deps.mailer.send(email);
    return { kind: 'accepted', detail };
  } catch (error) {
    if (error instanceof RecipientNotVerifiedError) return { kind: 'accepted', detail: 'recipient-unverified' };
    throw error;
  }
}

function outgoing(deps: SubscriptionDeps, to: string, rendered: { subject: string; html: string; text: string }, headers?: Record<string, string>): OutgoingEmail {
  return {
    from: deps.config.emailFrom,
    to,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: { ...(deps.config.replyTo ? { 'Reply-To': deps.config.replyTo } : {}), 'Auto-Submitted': 'auto-generated', ...headers },
  };
}
