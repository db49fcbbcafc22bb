import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { confirmPromptPage, confirmedPage } from '../../../shared/domain/pages/confirm-pages.js';
import { PAGE_CSP } from '../../../shared/domain/pages/layout.js';
import { messagePage, type MessageKind } from '../../../shared/domain/pages/message-page.js';
import { newLinkPage, newLinkSentPage } from '../../../shared/domain/pages/new-link-pages.js';
import { preferencesPage } from '../../../shared/domain/pages/preferences-page.js';
import { checkEmailPage, notMailingYetPage, subscribePage } from '../../../shared/domain/pages/subscribe-page.js';
import { unsubscribePromptPage, unsubscribedPage } from '../../../shared/domain/pages/unsubscribe-pages.js';
import { renderConfirmationEmail, renderManageEmail } from '../../../shared/domain/subscription/emails.js';
import { listTimeZones } from '../../../shared/domain/subscription/time-zones.js';
import { aSubscriber } from '../../support/factories.js';

const EVIL = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;
const topics = [
  { id: 'csto', name: `CSTO ${EVIL}`, description: `about ${EVIL}` },
  { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' },
];
const zones = listTimeZones();
const sub = aSubscriber({ email: `o'brien@example.org`, topics: ['csto'], quietHours: { start: '22:00', end: '07:00' } });

const pages: [string, string][] = [
  ['subscribe', subscribePage({ topics, timeZones: zones })],
  [
    'subscribe with errors',
    subscribePage({
      topics,
      timeZones: zones,
      values: { email: EVIL, topics: ['csto'], delivery: EVIL, digestAt: EVIL, timeZone: EVIL, quietStart: EVIL, quietEnd: EVIL },
      errors: { email: 'Enter an email address like name@example.org.', quietHours: 'Quiet hours need both a start and an end, or neither.' },
    }),
  ],
  [
    'subscribe with Telegram and recent matches',
    subscribePage({
      topics,
      timeZones: zones,
      telegram: { botUsername: EVIL, chosen: ['csto'], link: `https://t.me/x?start=${EVIL}`, error: EVIL },
      recent: { csto: [{ title: EVIL, source: EVIL, link: `javascript:${EVIL}`, date: EVIL }, { title: EVIL, source: EVIL, link: `https://x/${EVIL}`, date: '2026-12-01T00:00:00Z' }] },
    }),
  ],
  ['check email', checkEmailPage({ email: EVIL, ttlHours: 24 })],
  ['not mailing yet (SES sandbox)', notMailingYetPage({ email: EVIL })],
  ['confirm prompt', confirmPromptPage({ token: EVIL, subscriber: sub, topics })],
  ['confirmed', confirmedPage({ subscriber: sub, topics, preferencesUrl: `https://x/preferences?token=${EVIL}`, already: false })],
  ['preferences', preferencesPage({ token: EVIL, subscriber: { ...sub, telegramChatId: '1', channels: ['email', 'telegram'] }, topics, timeZones: zones, availableChannels: ['email', 'telegram'], unsubscribeUrl: 'https://x/u', saved: true })],
  ['preferences, unsubscribed', preferencesPage({ token: EVIL, subscriber: { ...sub, status: 'unsubscribed' }, topics, timeZones: zones, availableChannels: ['email'], unsubscribeUrl: 'https://x/u' })],
  [
    'preferences, unsubscribed chat',
    preferencesPage({ token: EVIL, subscriber: { ...sub, email: undefined, telegramChatId: '1', channels: ['telegram'], status: 'unsubscribed' }, topics, timeZones: zones, availableChannels: ['telegram'], unsubscribeUrl: 'https://x/u' }),
  ],
  ['new link, with an error', newLinkPage({ email: EVIL, error: 'Enter an email address like name@example.org.' })],
  ['new link sent', newLinkSentPage()],
  ['unsubscribe prompt', unsubscribePromptPage({ token: EVIL, email: EVIL, preferencesUrl: 'https://x/p' })],
  ['unsubscribed', unsubscribedPage()],
  ['unsubscribed, with a way back', unsubscribedPage({ resumeToken: EVIL })],
  ...(['invalid-link', 'expired-link', 'suppressed', 'rate-limited', 'unavailable'] as MessageKind[]).map((k): [string, string] => [`message ${k}`, messagePage(k)]),
];

describe('subscription pages', () => {
  it.each(pages)('%s: escapes everything, runs no script, and styles only through the hashed stylesheet', (_name, html) => {
    expect(html).not.toMatch(/<(script|img|iframe)\b/i);
    // With quoted attribute values blanked out, what is left is markup: no event handler, no inline style.
    const markup = html.replace(/"[^"]*"/g, '""');
    expect(markup).not.toMatch(/<[^>]*\s(on\w+|style)=/i);
    expect(html).not.toMatch(/javascript:/i);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(PAGE_CSP).toContain(`'sha256-${createHash('sha256').update(css).digest('base64')}'`);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it.each(pages)('%s: every form control has a label, and every described-by target exists', (_name, html) => {
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const labelled = new Set([...html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]));
    for (const control of html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
      const attrs = control[2]!;
      if (/type="(hidden|submit)"/.test(attrs)) continue;
      const id = /\sid="([^"]+)"/.exec(attrs)?.[1];
      expect(id && labelled.has(id), `unlabelled control: ${control[0]}`).toBe(true);
    }
    for (const m of html.matchAll(/aria-describedby="([^"]*)"/g)) for (const id of m[1]!.split(/\s+/).filter(Boolean)) expect(ids.has(id), `missing #${id}`).toBe(true);
    expect(new Set(ids).size).toBe([...html.matchAll(/\sid="/g)].length);
  });

  it('keeps what the person typed after an error, and links the error summary to the fields', () => {
    const html = pages[1]![1];
    expect(html).toContain('<title>Error: Get news alerts by email – newshound</title>');
    expect(html).toContain('role="alert"');
    expect(html).toContain('<a href="#email">Enter an email address like name@example.org.</a>');
    expect(html).toContain('<a href="#quiet-start">');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toMatch(/id="email"[^>]*aria-invalid="true"/);
  });

  it('offers every time zone and keeps the chosen one', () => {
    const html = preferencesPage({ token: 't', subscriber: { ...sub, timeZone: 'Asia/Yerevan' }, topics, timeZones: zones, availableChannels: ['email'], unsubscribeUrl: 'u' });
    expect(zones.length).toBeGreaterThan(300);
    expect(html).toContain('<option selected>Asia/Yerevan</option>');
    expect(html).toContain('<input type="time" id="quiet-start" name="quietStart" value="22:00">');
  });

  it('the unsubscribe page asks with a POST form carrying the one-click field, and changes nothing by itself', () => {
    const html = unsubscribePromptPage({ token: 'abc.def', preferencesUrl: 'https://x/p' });
    expect(html).toContain('<form method="post" action="/unsubscribe?token=abc.def">');
    expect(html).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
  });

  it('the unsubscribed page offers subscribing again in one click: the preferences resume, confirmed by email', () => {
    const html = unsubscribedPage({ resumeToken: 'abc' });
    expect(html).toContain('<h1>You are unsubscribed</h1>');
    expect(html).toContain('<form method="post" action="/preferences">\n<input type="hidden" name="token" value="abc">\n<input type="hidden" name="action" value="resume">\n<button type="submit">Subscribe again</button>');
    expect(html).toContain('We email you a link to confirm');
    expect(unsubscribedPage()).toContain('<a href="/subscribe">Subscribe again</a>');
  });

  it('an expired link says so, and offers a new link by email or subscribing again', () => {
    const html = messagePage('expired-link');
    expect(html).toContain('<h1>This link has expired</h1>');
    expect(html).toContain('<form method="post" action="/preferences" novalidate>');
    expect(html).toContain('<input type="hidden" name="action" value="email-link">');
    expect(html).toContain('<button type="submit">Email me a new link</button>');
    expect(html).toContain('<a href="/subscribe">');
  });

  it('resuming after an unsubscribe says a confirmation comes by email', () => {
    const html = preferencesPage({ token: 't', subscriber: { ...sub, status: 'unsubscribed' }, topics, timeZones: zones, availableChannels: ['email'], unsubscribeUrl: 'u' });
    expect(html).toContain('we email this address a link');
    expect(html).toContain('<input type="hidden" name="action" value="resume">');
  });

  it('the links email says why it came', () => {
    const base = { subscriber: sub, topics, preferencesUrl: 'https://x/p', unsubscribeUrl: 'https://x/u' };
    expect(renderManageEmail({ ...base, reason: 'subscribe' }).text).toContain(`asked to subscribe o'brien@example.org to newshound news alerts. This address already gets alerts`);
    const link = renderManageEmail({ ...base, reason: 'new-link' });
    expect(link.text).toContain(`asked for a new link to the newshound news alerts sent to o'brien@example.org:`);
    expect(link.html).toContain('sent to <strong>o&#39;brien@example.org</strong>:');
  });

  it('the confirmation email escapes topic names and carries the link in both parts', () => {
    const mail = renderConfirmationEmail({ subscriber: sub, topics, confirmUrl: 'https://news.example.org/confirm?token=a.b', ttlHours: 24 });
    expect(mail.html).not.toMatch(/<(script|img)\b/i);
    const markup = mail.html.replace(/"[^"]*"/g, '""');
    expect(markup).not.toMatch(/<[^>]*\son\w+=/i);
    expect(mail.text).toContain('https://news.example.org/confirm?token=a.b');
    expect(mail.html).toContain('href="https://news.example.org/confirm?token=a.b"');
    expect(mail.text).toContain('Quiet hours: 22:00–07:00 (UTC)');
  });
});
