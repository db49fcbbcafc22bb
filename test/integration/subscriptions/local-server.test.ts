import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken } from '../../../shared/domain/subscription/links.js';
import { webSubscriberId } from '../../../shared/domain/subscription/subscriber-ids.js';
import { sendTelegramUpdate, textUpdate } from '../../../infra/local/telegram-update-sender.js';
import { ManualClock } from '../../support/manual-clock.js';
import { form, startSubscriptionStack, tokenIn, type SubscriptionStack } from './subscription-stack.js';

let stack: SubscriptionStack;
const clock = new ManualClock();
let n = 0;
const unique = (name: string) => `${name}-${++n}-${Date.now()}@example.org`;

beforeAll(async () => {
  stack = await startSubscriptionStack({
    clock,
    configure: (input) => ({ ...input, subscriptions: { rateLimits: { perIp: { limit: 1000, windowMinutes: 60 }, perAddress: { limit: 3, windowMinutes: 60 } } } }),
  });
});
afterAll(async () => {
  await stack?.close();
});

const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }) =>
  fetch(`${stack.url}${path}`, { method: 'POST', headers, body, redirect: 'manual' });

async function subscribeAndConfirm(email: string, topics = ['csto']) {
  const res = await post('/subscribe', form({ email, topics, delivery: 'instant', timeZone: 'Europe/Berlin' }));
  expect(res.status).toBe(200);
  const [mail] = await stack.emailsTo(email);
  const token = tokenIn(mail!.body.text!, 'confirm');
  const confirmed = await post('/confirm', form({ token }));
  expect(confirmed.status).toBe(200);
  return { id: webSubscriberId(email), page: await confirmed.text() };
}

describe('subscribe, confirm, preferences, unsubscribe over HTTP', () => {
  it('serves an accessible subscribe form with safe headers', async () => {
    const res = await fetch(`${stack.url}/subscribe`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain('<label class="label" for="email">Email address</label>');
    expect(html).toContain('<form class="card" method="post" action="/subscribe" novalidate>');
    expect(html).toContain('value="nagorno-karabakh"');
  });

  it('double opt-in: a pending subscriber gets one email; nothing is active until the POST confirm', async () => {
    const email = unique('reader');
    const res = await post('/subscribe', form({ email, topics: ['csto', 'nagorno-karabakh'], delivery: 'daily', digestAt: '07:30', timeZone: 'Asia/Yerevan', quietStart: '23:00', quietEnd: '06:00' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Check your email');
    const id = webSubscriberId(email);
    expect(await stack.services.web.subscribers.get(id)).toMatchObject({ status: 'pending', mode: 'digest', digest: { frequency: 'daily', at: '07:30' }, quietHours: { start: '23:00', end: '06:00' } });

    const mails = await stack.emailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Confirm your newshound alerts');
    expect(mails[0]!.from).toContain('alerts@newshound.local');
    const token = tokenIn(mails[0]!.body.text!, 'confirm');
    expect(mails[0]!.body.text).toContain(`${stack.url}/confirm?token=`);

    const prompt = await fetch(`${stack.url}/confirm?token=${encodeURIComponent(token)}`);
    expect(prompt.status).toBe(200);
    expect(await prompt.text()).toContain('Confirm my alerts');
    expect((await stack.services.web.subscribers.get(id))?.status).toBe('pending');

    const done = await post('/confirm', form({ token }));
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You are subscribed');
    expect((await stack.services.web.subscribers.get(id))?.status).toBe('active');
    expect(await (await post('/confirm', form({ token }))).text()).toContain('Already confirmed');
  });

  it('re-renders the form with the errors and the typed values, status 400', async () => {
    const res = await post('/subscribe', form({ email: 'not-an-email', topics: [], timeZone: 'Europe/Berlin' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Enter an email address like name@example.org.');
    expect(html).toContain('Choose at least one topic.');
    expect(html).toContain('value="not-an-email"');
    expect(html).toContain('<option selected>Europe/Berlin</option>');
  });

  it('never reveals whether an address is subscribed: new, pending, active and suppressed get the same answer', async () => {
    const active = unique('active');
    await subscribeAndConfirm(active);
    const pending = unique('pending');
    await post('/subscribe', form({ email: pending, topics: ['csto'] }));
    const suppressed = unique('suppressed');
    await stack.services.web.suppressions.suppress({ email: suppressed, reason: 'bounce', at: clock.now().toISOString() });

    const answers = [];
    for (const email of [unique('new'), pending, active, suppressed]) {
      const res = await post('/subscribe', form({ email, topics: ['csto'] }));
      answers.push({ status: res.status, body: (await res.text()).replace(email, '<email>') });
      const json = await post('/subscribe', JSON.stringify({ email, topics: ['csto'] }), { 'content-type': 'application/json', accept: 'application/json' });
      answers.push({ status: json.status, body: await json.text() });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(2);
    expect(answers[1]).toEqual({ status: 202, body: JSON.stringify({ ok: true, message: 'If this address can receive alerts, a confirmation email is on its way.' }) });
    expect(await stack.emailsTo(suppressed)).toEqual([]);
    const toActive = await stack.emailsTo(active);
    expect(toActive.map((m) => m.subject)).toEqual(['Confirm your newshound alerts', 'Your newshound alerts', 'Your newshound alerts']);
  });

  it('limits requests per address without saying so', async () => {
    const email = unique('popular');
    for (let i = 0; i < 5; i++) expect((await post('/subscribe', form({ email, topics: ['csto'] }))).status).toBe(200);
    expect(await stack.emailsTo(email)).toHaveLength(3);
  });

  it('preferences from a signed link: shown, saved (POST/redirect/GET), paused, with errors on bad input', async () => {
    const email = unique('prefs');
    const { id, page } = await subscribeAndConfirm(email);
    const url = `${stack.url}/preferences?token=${encodeURIComponent(tokenIn(page, 'preferences'))}`;
    const token = tokenIn(page, 'preferences');
    const view = await fetch(url);
    expect(view.status).toBe(200);
    expect(await view.text()).toContain('Your preferences');

    const saved = await post('/preferences', form({ token, action: 'save', topics: ['nagorno-karabakh'], delivery: 'hourly', timeZone: 'UTC', paused: 'yes' }));
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/preferences?token=${encodeURIComponent(token)}&saved=1`);
    expect(await stack.services.web.subscribers.get(id)).toMatchObject({ status: 'paused', topics: ['nagorno-karabakh'], mode: 'digest', digest: { frequency: 'hourly' } });
    const after = await (await fetch(`${stack.url}${saved.headers.get('location')}`)).text();
    expect(after).toContain('Saved.');
    expect(after).toMatch(/id="paused"[^>]*checked/);

    const bad = await post('/preferences', form({ token, action: 'save', topics: ['nato'], timeZone: 'UTC' }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Choose topics from the list.');
    const json = await fetch(url, { headers: { accept: 'application/json' } });
    expect(await json.json()).toMatchObject({ ok: true, subscription: { status: 'paused', topics: ['nagorno-karabakh'] } });
  });

  it('RFC 8058: GET asks; a cookie-less one-click POST unsubscribes at once with 200; repeats are harmless', async () => {
    const email = unique('leaver');
    const { id } = await subscribeAndConfirm(email);
    const token = linkToken({ ...stack.services.web.config }, 'unsubscribe', id, clock.now());
    const url = `${stack.url}/unsubscribe?token=${encodeURIComponent(token)}`;

    const ask = await fetch(url);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Unsubscribe from newshound?');
    expect((await stack.services.web.subscribers.get(id))?.status).toBe('active');

    const oneClick = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', redirect: 'manual' });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('You are unsubscribed');
    expect((await stack.services.web.subscribers.get(id))?.status).toBe('unsubscribed');

    const multipart = new FormData();
    multipart.set('List-Unsubscribe', 'One-Click');
    const again = await fetch(url, { method: 'POST', body: multipart, redirect: 'manual' });
    expect(again.status).toBe(200);
    expect((await stack.services.web.subscribers.get(id))?.status).toBe('unsubscribed');
  });

  it.each([
    ['a forged unsubscribe token', 'unsubscribe', 'POST', () => linkToken({ ...stack.services.web.config, tokenSecret: 'forged' }, 'unsubscribe', 'victim', clock.now()), 400],
    ['a truncated unsubscribe token', 'unsubscribe', 'POST', () => linkToken(stack.services.web.config, 'unsubscribe', 'victim', clock.now()).slice(0, -3), 400],
    ['a preferences token used to unsubscribe', 'unsubscribe', 'POST', () => linkToken(stack.services.web.config, 'preferences', 'victim', clock.now()), 400],
    ['an expired unsubscribe token', 'unsubscribe', 'POST', () => linkToken(stack.services.web.config, 'unsubscribe', 'victim', new Date(clock.now().getTime() - 181 * 86_400_000)), 410],
    ['no token', 'unsubscribe', 'GET', () => '', 400],
    ['a forged preferences token', 'preferences', 'GET', () => linkToken({ ...stack.services.web.config, tokenSecret: 'forged' }, 'preferences', 'victim', clock.now()), 400],
    ['an expired confirm token', 'confirm', 'POST', () => linkToken(stack.services.web.config, 'confirm', 'victim', new Date(clock.now().getTime() - 25 * 3600_000)), 410],
  ])('answers %s with a 4xx page and changes nothing', async (_name, path, method, token, status) => {
    await stack.services.web.subscribers.put({ id: 'victim', email: 'victim@example.org', topics: ['csto'], channels: ['email'], mode: 'instant', timeZone: 'UTC', status: 'pending' });
    const url = `${stack.url}/${path}?token=${encodeURIComponent(token())}`;
    const res = method === 'GET' ? await fetch(url) : await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await stack.services.web.subscribers.get('victim'))?.status).toBe('pending');
  });

  it('refuses other methods, unknown content and oversized bodies', async () => {
    expect((await fetch(`${stack.url}/subscribe`, { method: 'PUT', body: 'x' })).status).toBe(405);
    expect((await post('/subscribe', '{nope', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await post('/subscribe', `email=${'a'.repeat(20_000)}`)).status).toBe(413);
  });
});

describe('the Telegram bot webhook on the local server', () => {
  it('checks the secret header before anything else', async () => {
    const update = textUpdate({ chatId: 31337, text: '/start' });
    for (const secret of ['', 'wrong', stack.secrets.telegramWebhookSecret.slice(0, -1)]) {
      const res = await fetch(stack.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) }, body: JSON.stringify(update) });
      expect(res.status).toBe(401);
    }
    expect(await stack.services.bot.subscribers.get('tg-31337')).toBeUndefined();
    expect(stack.telegram.sent().filter((m) => m.chatId === '31337')).toEqual([]);
  });

  it('runs commands from updates the stand-in side sends, replying through the Bot API stand-in', async () => {
    const send = (text: string, updateId?: number) =>
      sendTelegramUpdate({ webhookUrl: stack.webhookUrl, secret: stack.secrets.telegramWebhookSecret, update: textUpdate({ chatId: 4242, text, ...(updateId ? { updateId } : {}) }) });
    expect(await send('/start')).toMatchObject({ status: 200 });
    expect(await send('/subscribe nagorno-karabakh', 900001)).toMatchObject({ status: 200 });
    expect(await send('/subscribe nagorno-karabakh', 900001)).toMatchObject({ status: 200 });
    await send('/mode digest');
    await send('/frobnicate');
    expect(await stack.services.bot.subscribers.get('tg-4242')).toMatchObject({ topics: ['nagorno-karabakh'], mode: 'digest', channels: ['telegram'], status: 'active' });
    const replies = stack.telegram.sent().filter((m) => m.chatId === '4242');
    expect(replies.map((r) => r.text.split('\n')[0])).toEqual([
      'Welcome to newshound news alerts.',
      'Subscribed to Nagorno-Karabakh. You get alerts instantly.',
      'You get alerts in a daily digest at 08:00 (UTC).',
      "I don't know the command /frobnicate.",
    ]);
    await send('/stop');
    expect((await stack.services.bot.subscribers.get('tg-4242'))?.status).toBe('unsubscribed');
  });

  it('acts on the admin-defined subscriber of a configured chat', async () => {
    await stack.services.bot.subscribers.put(stack.config.subscribers.find((s) => s.id === 'duty-telegram')!);
    await sendTelegramUpdate({ webhookUrl: stack.webhookUrl, secret: stack.secrets.telegramWebhookSecret, update: textUpdate({ chatId: 100001, text: '/unsubscribe csto' }) });
    expect((await stack.services.bot.subscribers.get('duty-telegram'))?.topics).toEqual(['nagorno-karabakh']);
    expect(await stack.services.bot.subscribers.get('tg-100001')).toBeUndefined();
  });
});
