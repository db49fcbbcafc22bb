/** The emails subscriptions send: a confirm link for a pending change, or links to a receiving subscriber's preferences. */
import { renderConfirmationEmail, renderManageEmail, type ManageReason } from '../../domain/subscription/emails.js';
import { previewChange } from '../../domain/subscription/pending-change.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { OutgoingEmail } from '../../ports/senders.js';
import type { SubscriptionDeps } from './deps.js';
import { mailedLink } from './resolve-link.js';

type MailDeps = Pick<SubscriptionDeps, 'mailer' | 'clock' | 'config'>;

/** Mails the confirm link of the subscriber's pending change to `to` (its address). */
export async function mailConfirmation(deps: MailDeps, sub: Subscriber, to: string): Promise<void> {
  const confirmUrl = mailedLink(deps, 'confirm', sub.id, sub.pendingChange?.id);
  const rendered = renderConfirmationEmail({ subscriber: previewChange(sub), topics: deps.config.topics, confirmUrl, ttlHours: deps.config.confirmTtlHours });
  await deps.mailer.send(outgoing(deps, to, rendered));
}

/** Mails fresh preferences and unsubscribe links (with one-click unsubscribe) to `to` (the subscriber's address). */
export async function mailManageLinks(deps: MailDeps, sub: Subscriber, to: string, reason: ManageReason): Promise<void> {
  const unsubscribeUrl = mailedLink(deps, 'unsubscribe', sub.id);
  const rendered = renderManageEmail({ subscriber: sub, topics: deps.config.topics, preferencesUrl: mailedLink(deps, 'preferences', sub.id), unsubscribeUrl, reason });
  await deps.mailer.send(outgoing(deps, to, rendered, { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }));
}

function outgoing(deps: MailDeps, to: string, rendered: { subject: string; html: string; text: string }, headers?: Record<string, string>): OutgoingEmail {
  return {
    from: deps.config.emailFrom,
    to,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: { ...(deps.config.replyTo ? { 'Reply-To': deps.config.replyTo } : {}), 'Auto-Submitted': 'auto-generated', ...headers },
  };
}
