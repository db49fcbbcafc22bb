/**
 * Subscribe, confirm, preferences and unsubscribe, and the Telegram bot, end to end through the handlers: each request
 * an API Gateway payload 2.0 event to the subscriptions or telegram-webhook makeHandler, on the dependencies their
 * definitions compose over a local DynamoDB, aws-ses-v2-local and the Telegram stand-in. (The HTTP path in front of
 * them, the local HTTP API, is covered by test/e2e.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textUpdate } from '../../../infra/local/telegram-update-sender.js';
import { checkLinkToken, linkToken } from '../../../shared/domain/subscription/links.js';
import { legacyWebSubscriberId } from '../../../shared/domain/subscription/subscriber-ids.js';
import { legacyToken } from '../../support/legacy-token.js';
import { ManualClock } from '../../support/manual-clock.js';
import { form, httpEvent, PUBLIC_BASE_URL, startSubscriptionHandlers, telegramUpdateEvent, tokenIn, type SubscriptionHandlers } from './subscription-handlers.js';

let t: SubscriptionHandlers;
const clock = new ManualClock();
let n = 0;
const unique = (name: string) => `${name}-${++n}@example.org`;

beforeAll(async () => {
  t = await startSubscriptionHandlers({
    clock,
    configure: (input) => ({ ...input, subscriptions: { ...input.subscriptions, rateLimits: { perIp: { limit: 1000, windowMinutes: 60 }, perAddress: { limit: 3, windowMinutes: 60 } } } }),
  });
});
afterAll(async () => {
  await t?.close();
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const post = (path: string, body: string, headers: Record<string, string> = FORM, query = '') => t.web(httpEvent('POST', path, { body, headers, query }));
const get = (path: string, query = '', headers: Record<string, string> = {}) => t.web(httpEvent('GET', path, { query, headers }));
const tokenQuery = (token: string) => `token=${encodeURIComponent(token)}`;

async function subscribeAndConfirm(email: string, topics = ['csto']) {
  expect((await post('/subscribe', form({ email, topics, delivery: 'instant', timeZone: 'Europe/Berlin' }))).statusCode).toBe(200);
  const [mail] = await t.emailsTo(email);
  const confirmed = await post('/confirm', form({ token: tokenIn(mail!.body.text!, 'confirm') }));
  expect(confirmed.statusCode).toBe(200);
  return { id: (await t.recordOf(email))!.id, page: confirmed.body };
}

describe('subscribe, confirm, preferences, unsubscribe', () => {
  it('serves an accessible subscribe form with safe headers', async () => {
    const res = await get('/subscribe');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body).toContain('<label class="label" for="email">Email address</label>');
    expect(res.body).toContain('<form class="card" method="post" action="/subscribe" novalidate>');
    expect(res.body).toContain('value="nagorno-karabakh"');
  });

  it('double opt-in: a pending subscriber gets one email; nothing is active until the POST confirm', async () => {
    const email = unique('reader');
    const res = await post('/subscribe', form({ email, topics: ['csto', 'nagorno-karabakh'], delivery: 'daily', digestAt: '07:30', timeZone: 'Asia/Yerevan', quietStart: '23:00', quietEnd: '06:00' }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your email');
    const { id } = (await t.recordOf(email))!;
    expect(await t.table.subscribers.get(id)).toMatchObject({
      status: 'pending',
      topics: [],
      pendingChange: { preferences: { topics: ['csto', 'nagorno-karabakh'], mode: 'digest', digest: { frequency: 'daily', at: '07:30' }, quietHours: { start: '23:00', end: '06:00' } } },
    });

    const mails = await t.emailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Confirm your newshound alerts');
    // As the local SES's parser read it: the default sender name, then the address.
    expect(mails[0]!.from).toBe('"newshound" <alerts@newshound.local>');
    expect(mails[0]!.body.text).toContain(`${PUBLIC_BASE_URL}/confirm?token=`);
    const token = tokenIn(mails[0]!.body.text!, 'confirm');

    const prompt = await get('/confirm', tokenQuery(token));
    expect(prompt.statusCode).toBe(200);
    expect(prompt.body).toContain('Confirm my alerts');
    expect((await t.table.subscribers.get(id))?.status).toBe('pending');

    const done = await post('/confirm', form({ token }));
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('You are subscribed');
    expect(await t.table.subscribers.get(id)).toMatchObject({ status: 'active', mode: 'digest', digest: { frequency: 'daily', at: '07:30' }, quietHours: { start: '23:00', end: '06:00' } });
    expect((await post('/confirm', form({ token }))).body).toContain('Already confirmed');
  });

  it('re-renders the form with the errors and the typed values, status 400', async () => {
    const res = await post('/subscribe', form({ email: 'not-an-email', topics: [], timeZone: 'Europe/Berlin' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter an email address like name@example.org.');
    expect(res.body).toContain('Choose at least one topic.');
    expect(res.body).toContain('value="not-an-email"');
    expect(res.body).toContain('<option selected>Europe/Berlin</option>');
  });

  it('never reveals whether an address is subscribed: new, pending, active and suppressed get the same answer', async () => {
    const active = unique('active');
    await subscribeAndConfirm(active);
    const pending = unique('pending');
    await post('/subscribe', form({ email: pending, topics: ['csto'] }));
    const suppressed = unique('suppressed');
    await t.table.suppressions.suppress({ email: suppressed, reason: 'bounce', at: clock.now().toISOString() });

    const answers = [];
    for (const email of [unique('new'), pending, active, suppressed]) {
      const page = await post('/subscribe', form({ email, topics: ['csto'] }));
      answers.push({ status: page.statusCode, body: page.body.replace(email, '<email>') });
      const json = await post('/subscribe', JSON.stringify({ email, topics: ['csto'] }), { 'content-type': 'application/json', accept: 'application/json' });
      answers.push({ status: json.statusCode, body: json.body });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(2);
    expect(answers[1]).toEqual({ status: 202, body: JSON.stringify({ ok: true, message: 'If this address can receive alerts, a confirmation email is on its way.' }) });
    expect(await t.emailsTo(suppressed)).toEqual([]);
    expect((await t.emailsTo(active)).map((m) => m.subject)).toEqual(['Confirm your newshound alerts', 'Your newshound alerts', 'Your newshound alerts']);
  });

  it('limits requests per address without saying so', async () => {
    const email = unique('popular');
    for (let i = 0; i < 5; i++) expect((await post('/subscribe', form({ email, topics: ['csto'] }))).statusCode).toBe(200);
    expect(await t.emailsTo(email)).toHaveLength(3);
  });

  it('preferences from a signed link: shown, saved (POST/redirect/GET), paused, with errors on bad input', async () => {
    const { id, page } = await subscribeAndConfirm(unique('prefs'));
    const token = tokenIn(page, 'preferences');
    const view = await get('/preferences', tokenQuery(token));
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Your preferences');

    const saved = await post('/preferences', form({ token, action: 'save', topics: ['nagorno-karabakh'], delivery: 'hourly', timeZone: 'UTC', paused: 'yes' }));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/preferences?${tokenQuery(token)}&saved=1`);
    expect(await t.table.subscribers.get(id)).toMatchObject({ status: 'paused', topics: ['nagorno-karabakh'], mode: 'digest', digest: { frequency: 'hourly' } });
    const after = await get('/preferences', saved.headers.location!.split('?')[1]);
    expect(after.body).toContain('Saved.');
    expect(after.body).toMatch(/id="paused"[^>]*checked/);

    const bad = await post('/preferences', form({ token, action: 'save', topics: ['nato'], timeZone: 'UTC' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose topics from the list.');
    const json = await get('/preferences', tokenQuery(token), { accept: 'application/json' });
    expect(JSON.parse(json.body)).toMatchObject({ ok: true, subscription: { status: 'paused', topics: ['nagorno-karabakh'] } });
  });

  it('RFC 8058: GET asks; a cookie-less one-click POST unsubscribes at once with 200; repeats are harmless', async () => {
    const { id } = await subscribeAndConfirm(unique('leaver'));
    const query = tokenQuery(linkToken(t.webDeps.config, 'unsubscribe', id, clock.now()));

    const ask = await get('/unsubscribe', query);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Unsubscribe from newshound?');
    expect((await t.table.subscribers.get(id))?.status).toBe('active');

    const oneClick = await post('/unsubscribe', 'List-Unsubscribe=One-Click', FORM, query);
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('You are unsubscribed');
    expect((await t.table.subscribers.get(id))?.status).toBe('unsubscribed');

    // Some mail providers post the one-click body as multipart/form-data.
    const boundary = '----newshound-test-boundary';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const again = await post('/unsubscribe', multipart, { 'content-type': `multipart/form-data; boundary=${boundary}` }, query);
    expect(again.statusCode).toBe(200);
    expect((await t.table.subscribers.get(id))?.status).toBe('unsubscribed');
  });

  it('an unsubscribe link opened again says "you are unsubscribed", and subscribes again in one click after a confirmation from the mailbox', async () => {
    const email = unique('twice');
    const { id } = await subscribeAndConfirm(email, ['nagorno-karabakh']);
    const query = tokenQuery(linkToken(t.webDeps.config, 'unsubscribe', id, clock.now()));
    await post('/unsubscribe', 'List-Unsubscribe=One-Click', FORM, query);

    const again = await get('/unsubscribe', query);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('<h1>You are unsubscribed</h1>');
    expect(again.body).not.toContain('Unsubscribe from newshound?');
    expect(JSON.parse((await get('/unsubscribe', query, { accept: 'application/json' })).body)).toEqual({ ok: true, subscribed: false });
    const resumeToken = /<input type="hidden" name="token" value="([^"]+)">\s*<input type="hidden" name="action" value="resume">/.exec(again.body)?.[1];
    expect(resumeToken).toBeDefined();

    const resumed = await post('/preferences', form({ token: resumeToken!, action: 'resume' }));
    expect(resumed.body).toContain('Check your email');
    expect((await t.table.subscribers.get(id))?.status).toBe('unsubscribed');
    const mails = await t.emailsTo(email);
    expect((await post('/confirm', form({ token: tokenIn(mails.at(-1)!.body.text!, 'confirm') }))).body).toContain('You are subscribed');
    expect(await t.table.subscribers.get(id)).toMatchObject({ status: 'active', topics: ['nagorno-karabakh'], channels: ['email'] });
    expect((await get('/unsubscribe', query)).body).toContain('Unsubscribe from newshound?');
  });

  it("leaves an unsubscribed person's record alone on a stranger's request, and resumes from an old link only after a fresh confirmation", async () => {
    const email = unique('comeback');
    const { id, page } = await subscribeAndConfirm(email, ['nagorno-karabakh']);
    const preferences = tokenIn(page, 'preferences');
    await post('/unsubscribe', 'List-Unsubscribe=One-Click', FORM, tokenQuery(linkToken(t.webDeps.config, 'unsubscribe', id, clock.now())));
    const before = await t.table.subscribers.get(id);
    expect(before).toMatchObject({ status: 'unsubscribed', topics: ['nagorno-karabakh'] });

    expect((await post('/subscribe', form({ email, topics: ['csto'] }), FORM, '')).statusCode).toBe(200);
    const { pendingChange: _waiting, ...after } = (await t.table.subscribers.get(id))!;
    expect(after).toEqual(before);

    const resumed = await post('/preferences', form({ token: preferences, action: 'resume' }));
    expect(resumed.statusCode).toBe(200);
    expect(resumed.body).toContain('Check your email');
    expect((await t.table.subscribers.get(id))?.status).toBe('unsubscribed');
    const mails = await t.emailsTo(email);
    expect(mails.map((m) => m.subject)).toEqual(['Confirm your newshound alerts', 'Confirm your newshound alerts', 'Confirm your newshound alerts']);
    expect((await post('/confirm', form({ token: tokenIn(mails[1]!.body.text!, 'confirm') }))).statusCode).toBe(410);
    expect((await post('/confirm', form({ token: tokenIn(mails[2]!.body.text!, 'confirm') }))).body).toContain('You are subscribed');
    expect(await t.table.subscribers.get(id)).toMatchObject({ status: 'active', topics: ['nagorno-karabakh'] });
  });

  it('an expired link says so and offers a new one by email: mailed only to an address that gets alerts, the same answer for any', async () => {
    const { id } = await subscribeAndConfirm(unique('forgetful'));
    const record = (await t.table.subscribers.get(id))!;
    const expired = await get('/preferences', tokenQuery(linkToken(t.webDeps.config, 'preferences', id, new Date(clock.now().getTime() - 181 * 86_400_000))));
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired');
    expect(expired.body).toContain('Email me a new link');
    expect(expired.body).not.toContain(record.email!);

    const stranger = unique('stranger');
    const answers = [];
    for (const email of [record.email!, stranger]) {
      const res = await post('/preferences', form({ action: 'email-link', email }));
      answers.push({ status: res.statusCode, body: res.body });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.body).toContain('If this address gets alerts, we have sent it an email with a new link');
    expect(await t.emailsTo(stranger)).toEqual([]);
    const [, links] = await t.emailsTo(record.email!);
    expect(links!.subject).toBe('Your newshound alerts');
    expect((await get('/preferences', tokenQuery(tokenIn(links!.body.text!, 'preferences')))).statusCode).toBe(200);

    const bad = await post('/preferences', form({ action: 'email-link', email: 'nope' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter an email address like name@example.org.');
  });

  it('pages reached by a link carry links that end when it ends', async () => {
    const { id } = await subscribeAndConfirm(unique('hopper'));
    const first = linkToken(t.webDeps.config, 'unsubscribe', id, clock.now());
    const ask = await get('/unsubscribe', tokenQuery(first));
    const prefs = await get('/preferences', tokenQuery(tokenIn(ask.body, 'preferences')));
    const onward = tokenIn(prefs.body, 'unsubscribe');
    const later = new ManualClock(clock.now().getTime() + 180 * 86_400_000);
    for (const [purpose, token] of [['unsubscribe', first], ['preferences', tokenIn(ask.body, 'preferences')], ['unsubscribe', onward]] as const) {
      expect(checkLinkToken(t.webDeps.config.tokenSecret, token, purpose, later.now())).toEqual({ kind: 'expired' });
    }
  });

  it('honours unsubscribe links already in inboxes: readable version 1 tokens for records keyed by the address', async () => {
    const email = unique('veteran');
    const id = legacyWebSubscriberId(email);
    await t.table.subscribers.put({ id, email, topics: ['csto'], channels: ['email'], mode: 'instant', timeZone: 'UTC', status: 'active' });
    const old = legacyToken(t.webDeps.config.tokenSecret, { sub: id, purpose: 'unsubscribe', exp: Math.floor(clock.now().getTime() / 1000) + 3600 });
    expect((await post('/unsubscribe', 'List-Unsubscribe=One-Click', FORM, tokenQuery(old))).statusCode).toBe(200);
    expect((await t.table.subscribers.get(id))?.status).toBe('unsubscribed');
    const confirmV1 = legacyToken(t.webDeps.config.tokenSecret, { sub: id, purpose: 'confirm', exp: Math.floor(clock.now().getTime() / 1000) + 3600 });
    expect((await post('/confirm', form({ token: confirmV1 }))).statusCode).toBe(410);
  });

  it.each<[string, string, 'GET' | 'POST', () => string, number]>([
    ['a forged unsubscribe token', '/unsubscribe', 'POST', () => linkToken({ ...t.webDeps.config, tokenSecret: 'forged' }, 'unsubscribe', 'victim', clock.now()), 400],
    ['a truncated unsubscribe token', '/unsubscribe', 'POST', () => linkToken(t.webDeps.config, 'unsubscribe', 'victim', clock.now()).slice(0, -3), 400],
    ['a preferences token used to unsubscribe', '/unsubscribe', 'POST', () => linkToken(t.webDeps.config, 'preferences', 'victim', clock.now()), 400],
    ['an expired unsubscribe token', '/unsubscribe', 'POST', () => linkToken(t.webDeps.config, 'unsubscribe', 'victim', new Date(clock.now().getTime() - 181 * 86_400_000)), 410],
    ['no token', '/unsubscribe', 'GET', () => '', 400],
    ['a forged preferences token', '/preferences', 'GET', () => linkToken({ ...t.webDeps.config, tokenSecret: 'forged' }, 'preferences', 'victim', clock.now()), 400],
    ['an expired confirm token', '/confirm', 'POST', () => linkToken(t.webDeps.config, 'confirm', 'victim', new Date(clock.now().getTime() - 25 * 3600_000)), 410],
  ])('answers %s with a 4xx page and changes nothing', async (_name, path, method, token, status) => {
    await t.table.subscribers.put({ id: 'victim', email: 'victim@example.org', topics: ['csto'], channels: ['email'], mode: 'instant', timeZone: 'UTC', status: 'pending' });
    const query = tokenQuery(token());
    const res = method === 'GET' ? await get(path, query) : await post(path, 'List-Unsubscribe=One-Click', FORM, query);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await t.table.subscribers.get('victim'))?.status).toBe('pending');
  });

  it.each<[string, () => ReturnType<typeof post>, number]>([
    ['another method', () => t.web(httpEvent('PUT', '/subscribe', { body: 'x' })), 405],
    ['a JSON body that is not JSON', () => post('/subscribe', '{nope', { 'content-type': 'application/json' }), 400],
    ['a body over 16 KiB', () => post('/subscribe', `email=${'a'.repeat(20_000)}`), 413],
  ])('refuses %s with %i', async (_name, send, status) => {
    expect((await send()).statusCode).toBe(status);
  });
});

describe('the Telegram bot webhook', () => {
  const send = (chatId: number, text: string, updateId?: number) => t.bot(telegramUpdateEvent(textUpdate({ chatId, text, ...(updateId ? { updateId } : {}) }), t.secrets.telegramWebhookSecret));

  it('checks the secret header before anything else', async () => {
    const update = textUpdate({ chatId: 31337, text: '/start' });
    for (const secret of [undefined, '', 'wrong', t.secrets.telegramWebhookSecret.slice(0, -1)]) {
      expect((await t.bot(telegramUpdateEvent(update, secret))).statusCode).toBe(401);
    }
    expect(await t.table.subscribers.get('tg-31337')).toBeUndefined();
    expect(t.telegram.sent().filter((m) => m.chatId === '31337')).toEqual([]);
  });

  it('runs commands, replying through the Bot API stand-in; a redelivered update is handled once', async () => {
    expect(await send(4242, '/start')).toMatchObject({ statusCode: 200 });
    expect(await send(4242, '/subscribe nagorno-karabakh', 900001)).toMatchObject({ statusCode: 200 });
    expect(await send(4242, '/subscribe nagorno-karabakh', 900001)).toMatchObject({ statusCode: 200 });
    await send(4242, '/mode digest');
    await send(4242, '/frobnicate');
    expect(await t.table.subscribers.get('tg-4242')).toMatchObject({ topics: ['nagorno-karabakh'], mode: 'digest', channels: ['telegram'], status: 'active' });
    expect(t.telegram.sent().filter((m) => m.chatId === '4242').map((r) => r.text.split('\n')[0])).toEqual([
      'Welcome to newshound news alerts.',
      'Subscribed to Nagorno-Karabakh. You follow Nagorno-Karabakh. You get alerts instantly.',
      'You get alerts in a daily digest at 08:00 (UTC).',
      "I don't know the command /frobnicate.",
    ]);
    await send(4242, '/stop');
    expect((await t.table.subscribers.get('tg-4242'))?.status).toBe('unsubscribed');
  });

  it('after /stop, /subscribe <topic> follows exactly that topic, and the reply says so', async () => {
    await send(4343, '/subscribe nagorno-karabakh');
    await send(4343, '/stop');
    await send(4343, '/subscribe csto');
    expect(await t.table.subscribers.get('tg-4343')).toMatchObject({ topics: ['csto'], channels: ['telegram'], status: 'active' });
    expect(t.telegram.sent().filter((m) => m.chatId === '4343').at(-1)?.text).toBe('Subscribed to CSTO. You follow CSTO. You get alerts instantly.');
  });

  it('acts on the admin-defined subscriber of a configured chat', async () => {
    await t.table.subscribers.put(t.config.subscribers.find((s) => s.id === 'duty-telegram')!);
    await send(100001, '/unsubscribe csto');
    expect((await t.table.subscribers.get('duty-telegram'))?.topics).toEqual(['nagorno-karabakh']);
    expect(await t.table.subscribers.get('tg-100001')).toBeUndefined();
  });

  it('refuses other methods and bodies that are not JSON', async () => {
    expect((await t.bot(httpEvent('GET', '/telegram/webhook'))).statusCode).toBe(405);
    expect((await t.bot(httpEvent('POST', '/telegram/webhook', { body: '{nope', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': t.secrets.telegramWebhookSecret } }))).statusCode).toBe(400);
  });
});
