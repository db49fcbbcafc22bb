/**
 * The subscriptions, telegram-webhook and ses-events handlers with the events AWS gives them (API Gateway HTTP API
 * payload 2.0, SNS), on the dependencies their definitions compose over real local parts: a local DynamoDB for the
 * table (dynalite unless NEWSHOUND_DYNAMODB says otherwise), aws-ses-v2-local for email, the Telegram stand-in.
 */
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeTelegramWebhookHandler } from '../../../functions/telegram-webhook/handler.js';
import { textUpdate } from '../../../infra/local/telegram-update-sender.js';
import { linkToken } from '../../../shared/domain/subscription/links.js';
import { aSubscriber } from '../../support/factories.js';
import { silentLogger } from '../../support/test-ports.js';
import { bounceEvent, complaintEvent } from '../../unit/subscriptions/fixtures.js';
import { httpEvent, startSubscriptionHandlers, telegramUpdateEvent, type SubscriptionHandlers } from './subscription-handlers.js';

let t: SubscriptionHandlers;
const ANSWER_MS = 150;

beforeAll(async () => {
  t = await startSubscriptionHandlers({
    configure: (input) => ({ ...input, subscriptions: { answerMs: ANSWER_MS, rateLimits: { perIp: { limit: 2, windowMinutes: 60 }, perAddress: { limit: 3, windowMinutes: 60 } } } }),
  });
});
afterAll(async () => {
  await t?.close();
});

describe('subscriptions handler (API Gateway HTTP API)', () => {
  it('serves the subscribe page at / and /subscribe', async () => {
    for (const path of ['/', '/subscribe']) {
      const page = await t.web(httpEvent('GET', path));
      expect(page).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, isBase64Encoded: false });
      expect(page.body).toContain('Get news alerts by email');
    }
  });

  it('reads base64 form bodies, and answers a flood from one address with 429 and Retry-After', async () => {
    const body = 'email=lambda%40example.org&topics=csto&delivery=instant&timeZone=UTC';
    expect((await t.web(httpEvent('POST', '/subscribe', { body, base64: true, ip: '192.0.2.7' }))).statusCode).toBe(200);
    expect((await t.web(httpEvent('POST', '/subscribe', { body, ip: '192.0.2.7' }))).statusCode).toBe(200);
    const limited = await t.web(httpEvent('POST', '/subscribe', { body, ip: '192.0.2.7' }));
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toContain('Too many requests');
    expect((await t.recordOf('lambda@example.org'))?.status).toBe('pending');
  });

  it('holds the answer for a suppressed address (no email to send) to the configured time, like any other', async () => {
    await t.table.suppressions.suppress({ email: 'held@example.org', reason: 'bounce', at: t.clock.now().toISOString() });
    const started = performance.now();
    const res = await t.web(httpEvent('POST', '/subscribe', { body: 'email=held%40example.org&topics=csto', ip: '192.0.2.30' }));
    expect(res.statusCode).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(ANSWER_MS - 1);
    expect(t.webDeps.config.answerMs).toBe(ANSWER_MS);
  });

  it('unsubscribes on the one-click POST the mail provider sends', async () => {
    await t.table.subscribers.put(aSubscriber({ id: 'one-click', email: 'one-click@example.org' }));
    const token = linkToken(t.webDeps.config, 'unsubscribe', 'one-click', t.clock.now());
    const res = await t.web(httpEvent('POST', '/unsubscribe', { query: `token=${encodeURIComponent(token)}`, body: 'List-Unsubscribe=One-Click', ip: '192.0.2.8' }));
    expect(res.statusCode).toBe(200);
    expect((await t.table.subscribers.get('one-click'))?.status).toBe('unsubscribed');
  });

  it('signs links with the signing key the composition read from its secret', () => {
    expect(t.webDeps.config).toMatchObject({ tokenSecret: t.secrets.signingKey, publicBaseUrl: 'https://news.example.org', emailFrom: 'alerts@newshound.local' });
  });
});

describe('telegram-webhook handler', () => {
  it('checks the secret and replies through the Bot API', async () => {
    const update = textUpdate({ chatId: 777, text: '/subscribe csto', updateId: 5001 });
    expect((await t.bot(telegramUpdateEvent(update, 'nope'))).statusCode).toBe(401);
    expect((await t.bot(telegramUpdateEvent(update, t.secrets.telegramWebhookSecret))).statusCode).toBe(200);
    expect((await t.table.subscribers.get('tg-777'))?.topics).toEqual(['csto']);
    expect(t.telegram.sent().filter((m) => m.chatId === '777').map((m) => m.text)).toEqual(['Subscribed to CSTO. You follow CSTO. You get alerts instantly.']);
  });

  it('answers 500 when a store fails, so Telegram delivers the update again', async () => {
    // Every subscriber store call fails, as DynamoDB does when throttled.
    const subscribers = new Proxy(t.botDeps.subscribers, { get: () => async () => Promise.reject(new Error('DynamoDB throttled')) });
    const handler = makeTelegramWebhookHandler({ ...t.botDeps, subscribers }, { logger: silentLogger() });
    const res = await handler(telegramUpdateEvent(textUpdate({ chatId: 778, text: '/subscribe csto' }), t.secrets.telegramWebhookSecret));
    expect(res).toMatchObject({ statusCode: 500, body: '{"ok":false}' });
  });
});

describe('ses-events handler (SNS)', () => {
  const sns = (...messages: (unknown | string)[]): SNSEvent => ({
    Records: messages.map((m, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-central-1:123456789012:SesEvents:sub',
      Sns: {
        Type: 'Notification',
        MessageId: `msg-${i}`,
        TopicArn: 'arn:aws:sns:eu-central-1:123456789012:SesEvents',
        Subject: null as unknown as string,
        Message: typeof m === 'string' ? m : JSON.stringify(m),
        Timestamp: '2026-11-20T12:00:00.000Z',
        SignatureVersion: '1',
        Signature: 'x',
        SigningCertUrl: 'https://sns.example/cert.pem',
        UnsubscribeUrl: 'https://sns.example/unsub',
        MessageAttributes: {},
      },
    })),
  });

  it('suppresses bounces and complaints once across duplicated, reordered and garbage messages', async () => {
    await t.table.subscribers.put(aSubscriber({ id: 'bouncer', email: 'bouncer@example.org' }));
    await t.table.subscribers.put(aSubscriber({ id: 'complainer', email: 'complainer@example.org' }));
    await t.table.subscribers.put(aSubscriber({ id: 'full', email: 'full@example.org' }));
    const result = await t.sesEvents(
      sns(
        complaintEvent(['complainer@example.org']),
        bounceEvent('Transient', ['full@example.org']),
        'not json',
        bounceEvent('Permanent', ['bouncer@example.org', 'stranger@example.org'], { newTopLevelField: true }),
        bounceEvent('Permanent', ['bouncer@example.org']),
        complaintEvent(['complainer@example.org']),
      ),
    );
    expect(result).toEqual({ outcomes: ['suppressed', 'ignored', 'invalid', 'suppressed', 'suppressed', 'suppressed'] });
    expect((await t.table.subscribers.get('bouncer'))?.status).toBe('suppressed');
    expect((await t.table.subscribers.get('complainer'))?.suppression?.reason).toBe('complaint');
    expect((await t.table.subscribers.get('full'))?.status).toBe('active');
    expect(await t.table.suppressions.get('stranger@example.org')).toMatchObject({ reason: 'bounce' });
  });
});
