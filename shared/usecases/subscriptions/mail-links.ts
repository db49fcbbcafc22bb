/**
 * The emails subscriptions send: a confirm link for a pending change, or links to a receiving subscriber's preferences.
 * A recipient the provider will not mail yet (the SES sandbox refuses every address its operator has not verified)
 * is not an error: the request stays as it is, and the answer is the one every other address gets.
 */
import { renderConfirmationEmail, renderManageEmail, type ManageReason } from '../../domain/subscription/emails.js';
import { previewChange } from '../../domain/subscription/pending-change.js';
import type { Subscriber } from '../../domain/subscriber.js';
import { RecipientNotVerifiedError } from '../../ports/errors.js';
import type { OutgoingEmail } from '../../ports/senders.js';
import type { SubscriptionDeps } from './deps.js';
import { mailedLink } from './resolve-link.js';

type MailDeps = Pick<SubscriptionDeps, 'mailer' | 'clock' | 'config'>;

export type Mailed = 'sent' | 'recipient-unverified';

/** Mails the confirm link of the subscriber's pending change to `to` (its address). */
export async function mailConfirmation(deps: MailDeps, sub: Subscriber, to: string): Promise<Mailed> {
  const confirmUrl = mailedLink(deps, 'confirm', sub.id, sub.pendingChange?.id);
  const rendered = renderConfirmationEmail({ subscriber: previewChange(sub), topics: deps.config.topics, confirmUrl, ttlHours: deps.config.confirmTtlHours, lang: deps.config.language });
  return send(deps, outgoing(deps, to, rendered));
}

/** Mails fresh preferences and unsubscribe links (with one-click unsubscribe) to `to` (the subscriber's address). */
export async function mailManageLinks(deps: MailDeps, sub: Subscriber, to: string, reason: ManageReason): Promise<Mailed> {
  const unsubscribeUrl = mailedLink(deps, 'unsubscribe', sub.id);
  const rendered = renderManageEmail({ subscriber: sub, topics: deps.config.topics, preferencesUrl: mailedLink(deps, 'preferences', sub.id), unsubscribeUrl, reason, lang: deps.config.language });
  return send(deps, outgoing(deps, to, rendered, { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }));
}

async function send(deps: MailDeps, email: OutgoingEmail): Promise<Mailed> {
  try {
    await deps.mailer.send(email);
    return 'sent';
  } catch (error) {
    if (error instanceof RecipientNotVerifiedError) return 'recipient-unverified';
    throw error;
  }
}

function outgoing(deps: MailDeps, to: string, rendered: { subject: string; html: string; text: string }, headers?: Record<string, string>): OutgoingEmail {
  return {
    from: deps.config.emailFrom,
    fromName: deps.config.fromName,
    to,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: { ...(deps.config.replyTo ? { 'Reply-To': deps.config.replyTo } : {}), 'Auto-Submitted': 'auto-generated', ...headers },
  };
}
