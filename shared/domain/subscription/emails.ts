/**
 * The only two emails subscriptions send: the double opt-in link (for a request waiting for confirmation) and,
 * when an address that already gets alerts is entered again or asks for a new link, links to its preferences.
 * Everything escaped.
 */
import { html, type SafeHtml } from '../pages/html.js';
import type { Subscriber } from '../subscriber.js';
import type { Topic } from '../topic.js';
import { describeDelivery, describeQuietHours, topicNames } from './describe-preferences.js';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

function shell(title: string, body: SafeHtml, lang = 'en'): string {
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:16px;background:#ffffff;color:#1a1a1a;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5;">
<div style="max-width:560px;margin:0 auto;">${body}</div>
</body></html>`.value;
}

function button(url: string, label: string): SafeHtml {
  return html`<p style="margin:24px 0;"><a href="${url}" style="display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:6px;">${label}</a></p>`;
}

function summaryLines(sub: Subscriber, topics: readonly Pick<Topic, 'id' | 'name'>[]): string[] {
  const quiet = describeQuietHours(sub);
  return [`Topics: ${topicNames(sub.topics, topics).join(', ')}`, `How often: ${describeDelivery(sub)}`, ...(quiet ? [`Quiet hours: ${quiet}`] : [])];
}

export function renderConfirmationEmail(input: { subscriber: Subscriber; topics: readonly Pick<Topic, 'id' | 'name'>[]; confirmUrl: string; ttlHours: number; lang?: string }): RenderedEmail {
  const { subscriber: sub, confirmUrl, ttlHours } = input;
  const email = sub.email ?? '';
  const lines = summaryLines(sub, input.topics);
  const subject = 'Confirm your newshound alerts';
  const text = [
    'Hello,',
    '',
    `Someone, hopefully you, asked for newshound news alerts to be sent to ${email}:`,
    ...lines.map((l) => `  ${l}`),
    '',
    `To confirm, open this link within ${ttlHours} hours:`,
    confirmUrl,
    '',
    'If you did not ask for this, ignore this email: nothing more will be sent to you.',
  ].join('\n');
  const body = html`<h1 style="font-size:22px;margin:0 0 16px;">Confirm your newshound alerts</h1>
<p>Someone, hopefully you, asked for newshound news alerts to be sent to <strong>${email}</strong>:</p>
<ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>
${button(confirmUrl, 'Confirm my alerts')}
<p>Or copy this link into your browser within ${ttlHours} hours:<br><a href="${confirmUrl}" style="color:#0645ad;word-break:break-all;">${confirmUrl}</a></p>
<p style="color:#444;">If you did not ask for this, ignore this email: nothing more will be sent to you.</p>`;
  return { subject, text, html: shell(subject, body, input.lang) };
}

/** Why the links are mailed: the address was entered on the subscribe page, or someone asked for a new link. */
export type ManageReason = 'subscribe' | 'new-link';

/** The opening sentence, around the address. */
const MANAGE_INTRO: Record<ManageReason, [before: string, after: string]> = {
  subscribe: ['Someone, hopefully you, asked to subscribe ', ' to newshound news alerts. This address already gets alerts, so nothing changed:'],
  'new-link': ['Someone, hopefully you, asked for a new link to the newshound news alerts sent to ', ':'],
};

export function renderManageEmail(input: { subscriber: Subscriber; topics: readonly Pick<Topic, 'id' | 'name'>[]; preferencesUrl: string; unsubscribeUrl: string; reason: ManageReason; lang?: string }): RenderedEmail {
  const { subscriber: sub, preferencesUrl, unsubscribeUrl } = input;
  const email = sub.email ?? '';
  const lines = summaryLines(sub, input.topics);
  const subject = 'Your newshound alerts';
  const [before, after] = MANAGE_INTRO[input.reason];
  const text = [
    'Hello,',
    '',
    `${before}${email}${after}`,
    ...lines.map((l) => `  ${l}`),
    '',
    'To change your topics or how often you get alerts:',
    preferencesUrl,
    '',
    'To stop all alerts:',
    unsubscribeUrl,
  ].join('\n');
  const body = html`<h1 style="font-size:22px;margin:0 0 16px;">Your newshound alerts</h1>
<p>${before}<strong>${email}</strong>${after}</p>
<ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>
${button(preferencesUrl, 'Change my preferences')}
<p><a href="${unsubscribeUrl}" style="color:#0645ad;">Stop all alerts</a></p>`;
  return { subject, text, html: shell(subject, body, input.lang) };
}
