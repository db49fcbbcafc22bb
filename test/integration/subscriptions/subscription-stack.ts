/**
 * The parts the subscription routes need, on loopback ports chosen by the OS: a local DynamoDB (in memory),
 * aws-ses-v2-local, the Telegram stand-in, and the local app server with the real routes.
 */
import { SESClient } from '@aws-sdk/client-ses';
import { SesMailer } from '../../../shared/adapters/ses/ses-mailer.js';
import { TelegramBotClient } from '../../../shared/adapters/telegram/telegram-bot-client.js';
import type { Clock } from '../../../shared/ports/clock.js';
import { parseAppConfig, type AppConfigInput } from '../../../shared/runtime/app-config.js';
import { localConfigInput } from '../../../infra/config/index.js';
import { startAppServer } from '../../../infra/local/app-server.js';
import type { LocalContext } from '../../../infra/local/context.js';
import { localRoutes } from '../../../infra/local/routes.js';
import { startSesServer } from '../../../infra/local/ses-server.js';
import { localSubscriptionServices } from '../../../infra/local/subscription-services.js';
import { startTelegramStandIn } from '../../../infra/local/telegram-stand-in.js';
import { startTestDynamo } from '../../support/dynamodb.js';
import { ManualClock } from '../../support/manual-clock.js';

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

export async function startSubscriptionStack(options: { clock?: Clock; configure?: (input: AppConfigInput) => AppConfigInput } = {}) {
  const clock = options.clock ?? new ManualClock();
  const dynamo = await startTestDynamo();
  const tableName = await dynamo.freshTable();
  const ses = await startSesServer();
  const botToken = '100000:test-bot-token';
  const telegram = await startTelegramStandIn({ botToken, rateLimits: { perChatPerSecond: 1000, perBotPerSecond: 1000 } });
  const secrets = { tokenSecret: 'integration-signing-key-0123456789', telegramWebhookSecret: 'integration-webhook-secret_42' };
  const ready: { context?: LocalContext } = {};
  const app = await startAppServer({ host: '127.0.0.1', port: 0, routes: localRoutes, context: () => ready.context! });
  const base = localConfigInput({ samplesBaseUrl: `${app.url}/samples`, publicBaseUrl: app.url });
  const config = parseAppConfig(options.configure ? options.configure(base) : base);
  const sesClient = new SESClient({ region: 'us-east-1', endpoint: ses.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const services = localSubscriptionServices({
    doc: dynamo.doc,
    tableName,
    config,
    clock,
    secrets,
    mailer: new SesMailer(sesClient),
    telegram: new TelegramBotClient({ apiBase: telegram.url, botToken }),
  });
  // The routes read only config, clock and subscriptions; the pipeline's parts are not needed here.
  ready.context = { config, clock, subscriptions: services } as unknown as LocalContext;

  return {
    url: app.url,
    sesUrl: ses.url,
    telegram,
    services,
    secrets,
    config,
    clock,
    webhookUrl: `${app.url}/telegram/webhook`,
    /** Emails aws-ses-v2-local received for `to` (its store is per process: use unique addresses per test). */
    async emailsTo(to: string): Promise<StoredEmail[]> {
      const res = await fetch(`${ses.url}/store`);
      const { emails } = (await res.json()) as { emails: StoredEmail[] };
      return emails.filter((e) => e.destination.to.some((t) => t.toLowerCase().includes(to.toLowerCase())));
    },
    async close() {
      sesClient.destroy();
      await app.close();
      await telegram.close();
      await ses.close();
      await dynamo.close();
    },
  };
}

export type SubscriptionStack = Awaited<ReturnType<typeof startSubscriptionStack>>;

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
