/** What goes out on each channel for one alert or one digest: an email, Telegram message parts, or a signed webhook body. */
import type { Article } from '../../domain/article.js';
import type { CoverageArticle } from '../../domain/story.js';
import type { DigestHeading } from '../../domain/delivery/digest-heading.js';
import { deliveryId } from '../../domain/delivery/delivery-keys.js';
import { mailingList } from '../../domain/delivery/mailing-list.js';
import { subscriberLinks } from '../../domain/delivery/subscriber-links.js';
import type { DeliveryRequested } from '../../domain/messages.js';
import { type AlertView, buildAlertView } from '../../domain/render/alert-view.js';
import { renderAlertEmail, renderDigestEmail } from '../../domain/render/email.js';
import { renderAlertTelegram, renderDigestTelegram } from '../../domain/render/telegram.js';
import { buildWebhookAlert, buildWebhookDigest } from '../../domain/render/webhook.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { OutgoingEmail } from '../../ports/senders.js';
import type { DeliveryKey } from '../../ports/stores.js';
import type { DeliverAlertConfig } from './deps.js';

export type ChannelContent =
  | { channel: 'email'; email: OutgoingEmail }
  | { channel: 'telegram'; parts: string[] }
  /** The body is built at send time: it carries the instant it was sent. `key` is the receiver's own (absent: none yet). */
  | { channel: 'webhook'; url: string; key: string | undefined; body: (now: Date) => string };

type Matches = DeliveryRequested['matches'];

export interface DigestItem {
  article: Article;
  matches: Matches;
  /** The story's other coverage, first seen first. */
  alsoReportedBy?: CoverageArticle[];
}

export function alertContent(cfg: DeliverAlertConfig, now: Date, sub: Subscriber, key: DeliveryKey, article: Article, matches: Matches): ChannelContent {
  const view = buildAlertView(article, matches, cfg.topics, sub.timeZone);
  if (key.channel === 'email') {
    const links = emailLinks(cfg, sub.id, now);
    return { channel: 'email', email: emailMessage(cfg, sub, key, renderAlertEmail(view, { ...links, lang: cfg.language }), links.unsubscribeUrl, [view]) };
  }
  if (key.channel === 'telegram') return { channel: 'telegram', parts: renderAlertTelegram(view) };
  return webhookContent(cfg, sub, (at) => JSON.stringify(buildWebhookAlert(article, matches, cfg.topics, { deliveryId: deliveryId(key), now: at })));
}

export function digestContent(cfg: DeliverAlertConfig, now: Date, sub: Subscriber, key: DeliveryKey, items: readonly DigestItem[], { heading, notice }: DigestHeading): ChannelContent {
  const views = items.map((i) => buildAlertView(i.article, i.matches, cfg.topics, sub.timeZone, i.alsoReportedBy));
  const withNotice = notice ? { notice } : {};
  if (key.channel === 'email') {
    const links = emailLinks(cfg, sub.id, now);
    return { channel: 'email', email: emailMessage(cfg, sub, key, renderDigestEmail(views, { ...links, heading, lang: cfg.language, ...withNotice }), links.unsubscribeUrl, views) };
  }
  if (key.channel === 'telegram') return { channel: 'telegram', parts: renderDigestTelegram(views, { heading, ...withNotice }) };
  return webhookContent(cfg, sub, (at) => JSON.stringify(buildWebhookDigest(items.map((i) => ({ article: i.article, matches: i.matches, ...(i.alsoReportedBy ? { alsoReportedBy: i.alsoReportedBy } : {}) })), cfg.topics, { deliveryId: deliveryId(key), now: at, heading, ...withNotice })));
}

function webhookContent(cfg: DeliverAlertConfig, sub: Subscriber, body: (now: Date) => string): ChannelContent {
  return { channel: 'webhook', url: sub.webhookUrl!, key: cfg.webhookKeys?.get(sub.id), body };
}

function emailLinks(cfg: DeliverAlertConfig, subscriberId: string, now: Date) {
  const { tokenSecret } = cfg;
  if (!tokenSecret) throw new Error('an email alert needs the signing key for its links, and this sender was composed without it');
  return subscriberLinks({ ...cfg, tokenSecret }, subscriberId, now);
}

function emailMessage(cfg: DeliverAlertConfig, sub: Subscriber, key: DeliveryKey, rendered: { subject: string; html: string; text: string }, unsubscribeUrl: string, views: readonly AlertView[]): OutgoingEmail {
  const topics = views.flatMap((v) => v.matches.map((m) => ({ id: m.topicId, name: m.topicName })));
  return {
    from: cfg.emailFrom,
    fromName: cfg.fromName,
    to: sub.email!,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      // RFC 3834: no vacation or out-of-office replies to alerts and digests.
      'Auto-Submitted': 'auto-generated',
      'X-Newshound-Delivery': deliveryId(key),
      ...(cfg.replyTo ? { 'Reply-To': cfg.replyTo } : {}),
    },
    list: mailingList(cfg, topics),
  };
}
