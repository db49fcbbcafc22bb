/**
 * `npm start`: the deployed topology on this machine (infra/local/aws/local-cloud.ts runs the twelve real handlers on
 * local AWS APIs), and beside it what only the local runtime adds: the app server (status page, sample source
 * feeds, the CloudFront stand-in for /feeds/, the HTTP API's routes), the Telegram stand-in with its chat page,
 * and the outbox folder with a copy of every email and Telegram message sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { dynamoStores } from '../../shared/adapters/dynamodb/index.js';
import { type AppConfig, type AppConfigInput, parseAppConfig } from '../../shared/runtime/app-config.js';
import { localConfigInput, type LocalUrls } from '../config/index.js';
import { startAppServer } from './app-server.js';
import { startLocalCloud } from './aws/local-cloud.js';
import type { StackTemplate } from './aws/local-deployment.js';
import type { LocalContext } from './context.js';
import type { DynamoEngineName } from './dynamodb-engine.js';
import { localSsmClient, provisionLocalSecretMaps } from './local-secret-maps.js';
import { readSecretParameter, writeSecretParameter } from '../secrets/secret-parameters.js';
import { telegramWebhookSecret } from '../../shared/domain/subscription/telegram-webhook-secret.js';
import { consoleLine, FunctionLogs } from './function-logs.js';
import { OutboxFolder } from './outbox-folder.js';
import { localRoutes } from './routes.js';
import { startTelegramStandIn } from './telegram-stand-in.js';
import { telegramUpdateSenderRoute } from './telegram-update-sender.js';

/** What @BotFather hands out: the bot's id, a colon, a secret. */
const BOT_TOKEN = /^\d+:[A-Za-z0-9_-]{20,}$/;

export interface LocalSystemOptions {
  dataDir: string;
  /** Keep DynamoDB, queues, objects and secrets in memory instead of under dataDir (tests). */
  inMemory?: boolean;
  host?: string;
  /** Port of the app server; SES and the Telegram stand-in take the next two. 0 = any free ports (tests). */
  port?: number;
  /** Replace the local stage config (tests point feeds at their own loopback servers). */
  config?: (urls: LocalUrls) => AppConfigInput;
  engine?: DynamoEngineName;
  /** Print function log lines worth an admin's attention (default: through `log`). */
  log?: (line: string) => void;
  /** Lambda's async retry delays (tests shorten them). */
  asyncRetryDelaysMs?: number[];
  /** Changes the synthesized templates before they are deployed locally (tests remove a grant). */
  editTemplates?: (stacks: StackTemplate[]) => void;
  /** Leave the bot token unset, as a fresh deploy does before the admin's `newshound secret set` (tests). */
  botTokenUnset?: boolean;
}

export type LocalSystem = Awaited<ReturnType<typeof startLocalSystem>>;

export async function startLocalSystem(options: LocalSystemOptions) {
  const host = options.host ?? '127.0.0.1';
  const basePort = options.port ?? 8780;
  const nextPort = (offset: number) => (basePort === 0 ? 0 : basePort + offset);
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const outboxDir = path.join(dataDir, 'outbox');
  mkdirSync(outboxDir, { recursive: true });
  const outbox = new OutboxFolder(outboxDir);
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
  };

  try {
    // Routes see the context once it is built; the server must listen first so the config knows its URL.
    const ready: { context?: LocalContext } = {};
    const app = await startAppServer({ host, port: basePort, routes: localRoutes, context: () => ready.context });
    closers.push(app.close);
    const telegram = await startTelegramStandIn({
      host,
      port: nextPort(2),
      onAccepted: async (request) => void (await outbox.write('telegram', String(request.chat_id ?? 'chat'), 'json', JSON.stringify(request, null, 2))),
    });
    closers.push(telegram.close);

    const realBotToken = process.env.NEWSHOUND_TELEGRAM_BOT_TOKEN;
    const urls: LocalUrls = { samplesBaseUrl: `${app.url}/samples`, publicBaseUrl: app.url, telegramApiBase: realBotToken ? 'https://api.telegram.org' : telegram.url };
    const config: AppConfig = parseAppConfig(options.config ? options.config(urls) : localConfigInput(urls));
    const logs = new FunctionLogs((line) => {
      const text = consoleLine(line);
      if (text) log(text);
    });
    const cloud = await startLocalCloud({
      config,
      appUrl: app.url,
      host,
      sesPort: nextPort(1),
      ...(options.inMemory ? {} : { dataDir }),
      ...(options.engine ? { engine: options.engine } : {}),
      keepEmail: async (raw, destinations) => void (await outbox.write('email', destinations[0] ?? 'mail', 'eml', raw)),
      onFunctionLog: (fn, line) => logs.add(fn.name, line),
      log,
      ...(options.asyncRetryDelaysMs ? { asyncRetryDelaysMs: options.asyncRetryDelaysMs } : {}),
      ...(options.editTemplates ? { editTemplates: options.editTemplates } : {}),
    });
    closers.push(cloud.close);

    // As an admin does after the first deploy: set the bot token (a made-up one for the stand-in), which the stand-in
    // then plays Telegram with, sending updates with the webhook secret derived from it.
    const botTokenParameter = cloud.secretParameter('telegramBotToken');
    const ssm = localSsmClient(cloud.urls.ssm);
    try {
      const current = (await readSecretParameter(ssm, botTokenParameter)) ?? '';
      if (options.botTokenUnset) {
        // Left as a fresh deploy leaves it (tests of what an unset token does).
      } else if (realBotToken && current !== realBotToken) await writeSecretParameter(ssm, botTokenParameter, realBotToken);
      else if (!realBotToken && !BOT_TOKEN.test(current)) await writeSecretParameter(ssm, botTokenParameter, `100000:${randomBytes(24).toString('base64url')}`);
    } finally {
      ssm.destroy();
    }
    const botToken = cloud.parameters.value(botTokenParameter);
    if (botToken) {
      telegram.setBotToken(botToken);
      telegram.addRoute(telegramUpdateSenderRoute({ webhookUrl: `${app.url}/telegram/webhook`, secret: telegramWebhookSecret(botToken) }));
    }
    await provisionLocalSecretMaps(config, cloud.urls.ssm);

    const context: LocalContext = (ready.context = {
      config,
      dataDir,
      cloud,
      stores: dynamoStores(cloud.clients.doc, cloud.tableName),
      outboxDir,
      logs,
      urls: { app: app.url, ses: cloud.urls.ses, telegram: telegram.url, dynamodb: cloud.urls.dynamodb, gateway: cloud.urls.gateway },
    });
    return { context, cloud, telegram, close };
  } catch (error) {
    await close();
    throw error;
  }
}
