/**
 * The subscriptions, telegram-webhook and ses-events handlers as Lambda runs them: each handler's makeHandler on the
 * dependencies its definition composes, here over real local parts on loopback ports (a local DynamoDB, aws-ses-v2-local,
 * the Telegram stand-in) instead of AWS. Requests are API Gateway HTTP API (payload 2.0) events.
 */
import { telegramWebhookSecret } from '../../../shared/domain/subscription/telegram-webhook-secret.js';
import { SESClient } from '@aws-sdk/client-ses';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { makeHandler as makeSesEventsHandler } from '../../../functions/ses-events/handler.js';
import { makeHandler as makeSubscriptionsHandler } from '../../../functions/subscriptions/handler.js';
import { makeHandler as makeTelegramWebhookHandler } from '../../../functions/telegram-webhook/handler.js';
import { localConfigInput } from '../../../infra/config/index.js';
import { startSesServer } from '../../../infra/local/ses-server.js';
import { startTelegramStandIn } from '../../../infra/local/telegram-stand-in.js';
import { dynamoStores } from '../../../shared/adapters/dynamodb/index.js';
import { SesMailer } from '../../../shared/adapters/ses/ses-mailer.js';
import { parseAppConfig, type AppConfigInput } from '../../../shared/runtime/app-config.js';
import { sesEventsDefinition } from '../../../shared/runtime/composition/ses-events.js';
import { subscriptionsDefinition } from '../../../shared/runtime/composition/subscriptions.js';
import { telegramWebhookDefinition } from '../../../shared/runtime/composition/telegram-webhook.js';
import { telegramBotApi } from '../../../shared/runtime/platform/telegram-bot-api.js';
import { TELEGRAM_SECRET_HEADER } from '../../../shared/usecases/subscriptions/telegram-webhook.js';
import { startTestDynamo } from '../../support/dynamodb.js';
import type { Clock } from '../../../shared/ports/clock.js';
import type { Mailer } from '../../../shared/ports/senders.js';
import { ManualClock } from '../../support/manual-clock.js';
import { composeWith, silentLogger } from '../../support/test-ports.js';

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

export const PUBLIC_BASE_URL = 'https://news.example.org';

/** An SES account out of the sandbox (aws-ses-v2-local sends to anyone); the local topology tests the sandbox. */
const productionAccess = { inSandbox: async () => false };

export interface SubscriptionHandlerOptions {
  /** The clock the functions read (a manual one unless given; a bench gives the system clock). */
  clock?: Clock;
  /** Changes the local stage's config. Answers to subscribe requests wait for nothing unless it sets `subscriptions.answerMs`. */
  configure?: (input: AppConfigInput) => AppConfigInput;
  /** Wraps the SES mailer (a bench adds SES's latency in AWS). */
  mailer?: (ses: Mailer) => Mailer;
}

export async function startSubscriptionHandlers(options: SubscriptionHandlerOptions = {}) {
  const clock = options.clock ?? new ManualClock();
  const dynamo = await startTestDynamo();
  const ses = await startSesServer();
  const botToken = '100000:test-bot-token';
  const telegram = await startTelegramStandIn({ botToken, rateLimits: { perChatPerSecond: 1000, perBotPerSecond: 1000 } });
  const secrets = { signingKey: 'integration-signing-key-0123456789', telegramBotToken: botToken, // The webhook's secret_token is derived from the bot token, as Telegram is told it (newshound secret set).
    telegramWebhookSecret: telegramWebhookSecret(botToken) };
  const sesClient = new SESClient({ region: 'us-east-1', endpoint: ses.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const closeAll = async () => {
    sesClient.destroy();
    await telegram.close();
    await ses.close();
    await dynamo.close();
  };
  try {
    const base = { ...localConfigInput({ samplesBaseUrl: 'http://127.0.0.1:9/samples', publicBaseUrl: PUBLIC_BASE_URL, telegramApiBase: telegram.url }), subscriptions: { answerMs: 0 } };
    const config = parseAppConfig(options.configure ? options.configure(base) : base);
    const table = dynamoStores(dynamo.doc, await dynamo.freshTable(), clock.now);
    const parts = { config, clock, secrets };
    const mailer = new SesMailer(sesClient);
    const webDeps = await composeWith(subscriptionsDefinition, { ...parts, world: { table, mailer: options.mailer ? options.mailer(mailer) : mailer, sendingAccount: productionAccess } });
    const botDeps = await composeWith(telegramWebhookDefinition, { ...parts, world: { table, telegram: telegramBotApi({ env: {}, config, clock, name: 'telegram-webhook' }) } });
    const sesEventsDeps = await composeWith(sesEventsDefinition, { ...parts, world: { table } });
    const logger = { logger: silentLogger() };

    return {
      clock,
      config,
      secrets,
      table,
      telegram,
      /** What the subscriptions function composed (its config carries the signing key links are made with). */
      webDeps,
      botDeps,
      web: makeSubscriptionsHandler(webDeps) as (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string>; body: string }>,
      bot: makeTelegramWebhookHandler(botDeps, logger) as (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string }>,
      sesEvents: makeSesEventsHandler(sesEventsDeps, logger),
      /** The one record holding `email` (self-service ids are random: records are found by their address). */
      async recordOf(email: string) {
        const found = await table.subscribers.findByEmail(email);
        if (found.length > 1) throw new Error(`${found.length} records hold ${email}`);
        return found[0];
      },
      /** Emails aws-ses-v2-local received for `to` (its store is per process: use unique addresses per test). */
      async emailsTo(to: string): Promise<StoredEmail[]> {
        const res = await fetch(`${ses.url}/store`);
        const { emails } = (await res.json()) as { emails: StoredEmail[] };
        return emails.filter((e) => e.destination.to.some((t) => t.toLowerCase().includes(to.toLowerCase())));
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

export type SubscriptionHandlers = Awaited<ReturnType<typeof startSubscriptionHandlers>>;

export interface HttpEventOptions {
  query?: string;
  body?: string;
  /** Send the body base64-encoded, as API Gateway does for binary or form bodies. */
  base64?: boolean;
  headers?: Record<string, string>;
  ip?: string;
}

/** An API Gateway HTTP API (payload 2.0) event for one request. */
export function httpEvent(method: string, path: string, options: HttpEventOptions = {}): APIGatewayProxyEventV2 {
  const body = options.body === undefined ? undefined : options.base64 ? Buffer.from(options.body).toString('base64') : options.body;
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: { host: 'abc.execute-api.eu-central-1.amazonaws.com', ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...options.headers },
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: options.ip ?? '198.51.100.20', userAgent: 'test' } } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: options.base64 ?? false,
    ...(body !== undefined ? { body } : {}),
  };
}

/** POST /telegram/webhook with an update, as Telegram sends it (the secret header when given). */
export function telegramUpdateEvent(update: unknown, secret?: string): APIGatewayProxyEventV2 {
  return httpEvent('POST', '/telegram/webhook', { body: JSON.stringify(update), headers: { 'content-type': 'application/json', ...(secret !== undefined ? { [TELEGRAM_SECRET_HEADER]: secret } : {}) } });
}

/** The token of the first `/path?token=` link in a text (emails, pages). */
export function tokenIn(text: string, path: string): string {
  const m = new RegExp(`/${path}\\?token=([A-Za-z0-9_.%-]+)`).exec(text);
  if (!m) throw new Error(`no /${path} link in: ${text.slice(0, 300)}`);
  return decodeURIComponent(m[1]!.replace(/&amp;.*$/, ''));
}

export function form(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
  return params.toString();
}
