/**
 * The three Lambda handlers with the events AWS gives them (API Gateway HTTP API payload 2.0, SNS),
 * over real local parts: a local DynamoDB for the table (dynalite unless NEWSHOUND_DYNAMODB says otherwise),
 * aws-ses-v2-local for email, the Telegram stand-in.
 */
import { SESClient } from '@aws-sdk/client-ses';
import type { APIGatewayProxyEventV2, SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoSubscriptionStores } from '../../../shared/adapters/dynamodb/subscription-stores.js';
import { SesMailer } from '../../../shared/adapters/ses/ses-mailer.js';
import { TelegramBotClient } from '../../../shared/adapters/telegram/telegram-bot-client.js';
import { linkToken } from '../../../shared/domain/subscription/links.js';
import { webSubscriberId } from '../../../shared/domain/subscription/subscriber-ids.js';
import type { SubscriptionDeps } from '../../../shared/usecases/subscriptions/deps.js';
import { startSesServer } from '../../../infra/local/ses-server.js';
import { startTelegramStandIn } from '../../../infra/local/telegram-stand-in.js';
import { textUpdate } from '../../../infra/local/telegram-update-sender.js';
import { startTestDynamo } from '../../support/dynamodb.js';
import { aSubscriber } from '../../support/factories.js';
import { bounceEvent, complaintEvent, TEST_TOPICS } from '../../unit/subscriptions/fixtures.js';
import { ManualClock as MutableClock } from '../../support/manual-clock.js';

let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let ses: Awaited<ReturnType<typeof startSesServer>>;
let standIn: Awaited<ReturnType<typeof startTelegramStandIn>>;
let sesClient: SESClient;
let stores: ReturnType<typeof dynamoSubscriptionStores>;
const clock = new MutableClock();

beforeAll(async () => {
  dynamo = await startTestDynamo();
  ses = await startSesServer();
  standIn = await startTelegramStandIn({ botToken: '1:t', rateLimits: { perChatPerSecond: 100, perBotPerSecond: 100 } });
  const tableName = await dynamo.freshTable();
  stores = dynamoSubscriptionStores(dynamo.doc, tableName, clock);
  sesClient = new SESClient({ region: 'us-east-1', endpoint: ses.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  // What the stack gives every function (module scope reads it at import).
  Object.assign(process.env, { STAGE: 'test', PUBLIC_BASE_URL: 'https://news.example.org', EMAIL_FROM: 'alerts@news.example.org', TABLE_NAME: tableName, AWS_REGION: 'us-east-1' });
});
afterAll(async () => {
  sesClient?.destroy();
  await standIn?.close();
  await ses?.close();
  await dynamo?.close();
});

function httpEvent(method: string, path: string, options: { query?: string; body?: string; base64?: boolean; headers?: Record<string, string>; ip?: string } = {}): APIGatewayProxyEventV2 {
  const body = options.body === undefined ? undefined : options.base64 ? Buffer.from(options.body).toString('base64') : options.body;
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: { host: 'abc.execute-api.eu-central-1.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: options.ip ?? '198.51.100.20', userAgent: 'test' } } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: options.base64 ?? false,
    ...(body !== undefined ? { body } : {}),
  };
}

function webDeps(perIpLimit = 100): SubscriptionDeps {
  return {
    subscribers: stores.subscribers,
    suppressions: stores.suppressions,
    rateLimiter: stores.rateLimiter,
    mailer: new SesMailer(sesClient),
    clock,
    config: {
      publicBaseUrl: 'https://news.example.org',
      emailFrom: 'alerts@news.example.org',
      tokenSecret: 'lambda-test-signing-key-0123456789',
      topics: TEST_TOPICS,
      confirmTtlHours: 24,
      linkTtlDays: 180,
      rateLimits: { perIp: { limit: perIpLimit, windowMinutes: 60 }, perAddress: { limit: 3, windowMinutes: 60 } },
    },
  };
}

describe('subscriptions handler (API Gateway HTTP API)', () => {
  it('serves pages, reads base64 form bodies, and answers a flood from one address with 429 and Retry-After', async () => {
    const { makeHandler } = await import('../../../functions/subscriptions/handler.js');
    const deps = webDeps(2);
    const handler = makeHandler(async () => deps);
    const page = await handler(httpEvent('GET', '/'));
    expect(page).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
    expect(page.body).toContain('Get news alerts by email');

    const body = 'email=lambda%40example.org&topics=csto&delivery=instant&timeZone=UTC';
    expect((await handler(httpEvent('POST', '/subscribe', { body, base64: true, ip: '192.0.2.7' }))).statusCode).toBe(200);
    expect((await handler(httpEvent('POST', '/subscribe', { body, ip: '192.0.2.7' }))).statusCode).toBe(200);
    const limited = await handler(httpEvent('POST', '/subscribe', { body, ip: '192.0.2.7' }));
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers!['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toContain('Too many requests');
    expect((await stores.subscribers.get(webSubscriberId('lambda@example.org')))?.status).toBe('pending');
  });

  it('unsubscribes on the one-click POST the mail provider sends', async () => {
    const { makeHandler } = await import('../../../functions/subscriptions/handler.js');
    const deps = webDeps();
    await stores.subscribers.put(aSubscriber({ id: 'one-click', email: 'one-click@example.org' }));
    const token = linkToken(deps.config, 'unsubscribe', 'one-click', clock.now());
    const res = await makeHandler(async () => deps)(httpEvent('POST', '/unsubscribe', { query: `token=${encodeURIComponent(token)}`, body: 'List-Unsubscribe=One-Click' }));
    expect(res.statusCode).toBe(200);
    expect((await stores.subscribers.get('one-click'))?.status).toBe('unsubscribed');
  });

  it('answers 503 with a page when its dependencies cannot be built (e.g. Secrets Manager is down)', async () => {
    const { makeHandler } = await import('../../../functions/subscriptions/handler.js');
    const res = await makeHandler(async () => {
      throw new Error('secrets unavailable');
    })(httpEvent('GET', '/subscribe'));
    expect(res).toMatchObject({ statusCode: 503, headers: { 'retry-after': '60' } });
  });
});

describe('telegram-webhook handler', () => {
  it('checks the secret and replies through the Bot API', async () => {
    const { makeHandler } = await import('../../../functions/telegram-webhook/handler.js');
    const handler = makeHandler(async () => ({
      subscribers: stores.subscribers,
      onceKeys: stores.onceKeys,
      telegram: new TelegramBotClient({ apiBase: standIn.url, botToken: '1:t' }),
      clock,
      config: { topics: TEST_TOPICS },
      webhookSecret: 'lambda-webhook-secret',
    }));
    const body = JSON.stringify(textUpdate({ chatId: 777, text: '/subscribe csto', updateId: 5001 }));
    expect((await handler(httpEvent('POST', '/telegram/webhook', { body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'nope' } }))).statusCode).toBe(401);
    const ok = await handler(httpEvent('POST', '/telegram/webhook', { body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'lambda-webhook-secret' } }));
    expect(ok.statusCode).toBe(200);
    expect((await stores.subscribers.get('tg-777'))?.topics).toEqual(['csto']);
    expect(standIn.sent().filter((m) => m.chatId === '777').map((m) => m.text)).toEqual(['Subscribed to CSTO. You get alerts instantly.']);
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
    const { makeHandler } = await import('../../../functions/ses-events/handler.js');
    await stores.subscribers.put(aSubscriber({ id: 'bouncer', email: 'bouncer@example.org' }));
    await stores.subscribers.put(aSubscriber({ id: 'complainer', email: 'complainer@example.org' }));
    await stores.subscribers.put(aSubscriber({ id: 'full', email: 'full@example.org' }));
    const handler = makeHandler({ subscribers: stores.subscribers, suppressions: stores.suppressions, clock });
    const result = await handler(
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
    expect((await stores.subscribers.get('bouncer'))?.status).toBe('suppressed');
    expect((await stores.subscribers.get('complainer'))?.suppression?.reason).toBe('complaint');
    expect((await stores.subscribers.get('full'))?.status).toBe('active');
    expect(await stores.suppressions.get('stranger@example.org')).toMatchObject({ reason: 'bounce' });
  });
});
