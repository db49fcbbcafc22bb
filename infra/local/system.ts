/**
 * `npm start`: the deployed topology on this machine (infra/local/aws/local-cloud.ts runs the fourteen real handlers on
 * local AWS APIs), and beside it what only the local runtime adds: the app server (status page, sample source
 * feeds, the CloudFront stand-in for /feeds/, the HTTP API's routes), the Telegram stand-in with its chat page,
 * and the outbox folder with a copy of every email and Telegram message sent.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { dynamoStores } from '../../shared/adapters/dynamodb/index.js';
import { TelegramBotAdmin } from '../../shared/adapters/telegram/telegram-bot-admin.js';
import { looksLikeBotToken } from '../../shared/domain/telegram-bot-token.js';
import { type AppConfig, type AppConfigInput, parseAppConfig } from '../../shared/runtime/app-config.js';
import { localConfigInput, type LocalUrls } from '../config/index.js';
import { startAppServer } from './app-server.js';
import { startLocalCloud } from './aws/local-cloud.js';
import { describeDeployment, LOCAL_DEPLOYMENT_FILE } from './aws/local-manifest.js';
import type { StackTemplate } from './aws/local-deployment.js';
import type { LocalContext } from './context.js';
import type { DeployOptions } from '../stacks/deploy-options.js';
import type { DynamoEngineName } from './dynamodb-engine.js';
import { localSsmClient, provisionLocalSecretMaps } from './local-secret-maps.js';
import { readSecretParameter, writeSecretParameter } from '../secrets/secret-parameters.js';
import { telegramWebhookSecret } from '../../shared/domain/subscription/telegram-webhook-secret.js';
import { consoleLine, FunctionLogs } from './function-logs.js';
import { lockDataFolder } from './data-folder-lock.js';
import { OutboxFolder } from './outbox-folder.js';
import { makePrivateFolder } from './private-folder.js';
import { localRoutes } from './routes.js';
import { STAND_IN_BOT_USERNAME, startTelegramStandIn } from './telegram-stand-in.js';
import { telegramUpdateSenderRoute } from './telegram-update-sender.js';
import { SamplePublisher } from './sample-publisher.js';
import { LocalWebSubHub } from './websub-hub.js';

/** The Telegram updates the bot asks for (as docs/deploy.md's setWebhook does). */
const ALLOWED_UPDATES = ['message', 'my_chat_member'];

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
  /** Deploy-time options as `-c` gives them to synth (tests: the API's own URL, a sender identity). */
  deployOptions?: Partial<DeployOptions>;
  /** The SES identities verified in the local account (default: the ones the senders' grant names). */
  verifiedSesIdentities?: string[];
  /** How this run is named to another that finds the data folder taken (default: npm start). */
  owner?: string;
}

export type LocalSystem = Awaited<ReturnType<typeof startLocalSystem>>;

export async function startLocalSystem(options: LocalSystemOptions) {
  const host = options.host ?? '127.0.0.1';
  const basePort = options.port ?? 8780;
  const nextPort = (offset: number) => (basePort === 0 ? 0 : basePort + offset);
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const outboxDir = path.join(dataDir, 'outbox');
  makePrivateFolder(dataDir);
  const lock = options.inMemory
    ? undefined
    : lockDataFolder(dataDir, options.owner ?? 'npm start', 'stop it first (Ctrl-C where it runs), or give this run another folder with --data DIR');
  makePrivateFolder(outboxDir);
  const outbox = new OutboxFolder(outboxDir);
  const closers: (() => Promise<unknown>)[] = [async () => lock?.release()];
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
      appUrl: app.url,
      onAccepted: async (request) => void (await outbox.write('telegram', String(request.chat_id ?? 'chat'), 'json', JSON.stringify(request, null, 2))),
    });
    closers.push(telegram.close);

    const realBotToken = process.env.NEWSHOUND_TELEGRAM_BOT_TOKEN;
    const urls: LocalUrls = {
      samplesBaseUrl: `${app.url}/samples`,
      publicBaseUrl: app.url,
      telegramApiBase: realBotToken ? 'https://api.telegram.org' : telegram.url,
      ...(realBotToken ? {} : { telegramStandIn: { botUsername: STAND_IN_BOT_USERNAME, linkBase: telegram.url } }),
    };
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
      keepNotice: async (notice) => void (await outbox.write('notice', notice.subject ?? 'sns', 'json', JSON.stringify(notice, null, 2))),
      onFunctionLog: (fn, line) => logs.add(fn.name, line),
      log,
      ...(options.asyncRetryDelaysMs ? { asyncRetryDelaysMs: options.asyncRetryDelaysMs } : {}),
      ...(options.editTemplates ? { editTemplates: options.editTemplates } : {}),
      ...(options.deployOptions ? { deployOptions: options.deployOptions } : {}),
      ...(options.verifiedSesIdentities ? { verifiedSesIdentities: options.verifiedSesIdentities } : {}),
    });
    closers.push(cloud.close);

    // As an admin does after the first deploy: set the bot token (a made-up one for the stand-in), register the bot's
    // webhook with the secret derived from the token, and confirm the alarm topic's email subscription.
    const botTokenParameter = cloud.secretParameter('telegramBotToken');
    const ssm = localSsmClient(cloud.urls.ssm);
    try {
      const current = (await readSecretParameter(ssm, botTokenParameter)) ?? '';
      if (options.botTokenUnset) {
        // Left as a fresh deploy leaves it (tests of what an unset token does).
      } else if (realBotToken && current !== realBotToken) await writeSecretParameter(ssm, botTokenParameter, realBotToken);
      else if (!realBotToken && !looksLikeBotToken(current)) await writeSecretParameter(ssm, botTokenParameter, `100000:${randomBytes(24).toString('base64url')}`);
    } finally {
      ssm.destroy();
    }
    const botToken = cloud.parameters.value(botTokenParameter);
    telegram.addRoute(telegramUpdateSenderRoute({ botUsername: STAND_IN_BOT_USERNAME, deliver: (update) => telegram.deliverUpdate(update) }));
    if (botToken) {
      telegram.setBotToken(botToken);
      if (!realBotToken) {
        const registered = await new TelegramBotAdmin({ botToken, apiBase: telegram.url }).setWebhook({
          url: cloud.deployment.outputs.TelegramWebhookUrl!,
          secretToken: telegramWebhookSecret(botToken),
          allowedUpdates: ALLOWED_UPDATES,
        });
        if (!registered.ok) throw new Error(`the Telegram stand-in refused the webhook: ${registered.description}`);
      }
    }
    for (const topic of cloud.deployment.topics.filter((t) => t.logicalId.startsWith('Alarms'))) await cloud.confirmEmailSubscriptions(topic.arn);
    writeFileSync(
      path.join(dataDir, LOCAL_DEPLOYMENT_FILE),
      JSON.stringify(describeDeployment(cloud.deployment, { endpoint: cloud.urls.gateway, telegramApiBase: urls.telegramApiBase, feedIds: config.feeds.filter((f) => f.enabled !== false).map((f) => f.id) }), null, 2),
      { mode: 0o600 },
    );
    await provisionLocalSecretMaps(config, cloud.urls.ssm);
    // As at the end of a deploy: publish-feeds rebuilds every feed and deletes what the config no longer calls for.
    await cloud.runDeployTriggers();

    const context: LocalContext = (ready.context = {
      config,
      dataDir,
      cloud,
      stores: dynamoStores(cloud.clients.doc, cloud.tableName),
      outboxDir,
      outbox,
      webhookDeliveries: [],
      logs,
      urls: { app: app.url, ses: cloud.urls.ses, telegram: telegram.url, dynamodb: cloud.urls.dynamodb, gateway: cloud.urls.gateway },
      pollToken: randomBytes(32).toString('base64url'),
      hub: new LocalWebSubHub(),
      samples: new SamplePublisher(),
    });
    return { context, cloud, telegram, close };
  } catch (error) {
    await close();
    throw error;
  }
}
