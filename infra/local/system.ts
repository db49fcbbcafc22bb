import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';
import { dynamoStores, ensureTable } from '../../shared/adapters/dynamodb/index.js';
import { GuardedHttpFetcher } from '../../shared/adapters/http/guarded-fetcher.js';
import { HttpWebhookClient } from '../../shared/adapters/http/webhook-client.js';
import { OutboxMailer, OutboxTelegramClient, OutboxWebhookClient } from '../../shared/adapters/local/outbox-senders.js';
import { SesMailer } from '../../shared/adapters/ses/ses-mailer.js';
import { TelegramBotClient } from '../../shared/adapters/telegram/telegram-bot-client.js';
import { FileQueue } from '../../shared/adapters/local/file-queue.js';
import { FolderFeedPublisher } from '../../shared/adapters/local/folder-feed-publisher.js';
import type { ArticleMatchesHandedOn, DeliveryRequested, PollRequested, PublishRequested } from '../../shared/domain/messages.js';
import { compileTopics } from '../../shared/domain/topics/index.js';
import { type Clock } from '../../shared/ports/clock.js';
import { systemClock } from '../../shared/runtime/system-clock.js';
import type { FeedFetcher } from '../../shared/ports/feed-fetcher.js';
import { seedSubscribers } from '../../shared/usecases/seed-subscribers.js';
import { parseAppConfig, type AppConfig, type AppConfigInput } from '../../shared/runtime/app-config.js';
import { makeDynamoClients } from '../../shared/runtime/dynamodb-client.js';
import { localConfigInput } from '../config/index.js';
import { startAppServer } from './app-server.js';
import type { LocalContext, LocalRoute } from './context.js';
import { startDynalite } from './dynalite-server.js';
import { loadLocalSecrets } from './local-secrets.js';
import { startSesServer } from './ses-server.js';
import { buildPipeline } from './pipeline.js';
import { localRoutes } from './routes.js';
import { localSubscriptionServices } from './subscription-services.js';
import { startTelegramStandIn } from './telegram-stand-in.js';
import { telegramUpdateSenderRoute } from './telegram-update-sender.js';

export interface LocalSystemOptions {
  dataDir: string;
  /** Keep DynamoDB in memory instead of under dataDir (tests). */
  inMemoryDb?: boolean;
  host?: string;
  /** Port of the app server; SES and the Telegram stand-in take the next two. 0 = any free ports (tests). */
  port?: number;
  /** Replace the local stage config (tests point feeds at their own loopback servers). */
  config?: (urls: { samplesBaseUrl: string; publicBaseUrl: string }) => AppConfigInput;
  clock?: Clock;
  fetcher?: FeedFetcher;
  log?: (line: string) => void;
}

export type LocalSystem = Awaited<ReturnType<typeof startLocalSystem>>;

/** Starts every local part (dynalite, SES, Telegram stand-in, app server) and wires the pipeline. */
export async function startLocalSystem(options: LocalSystemOptions) {
  const host = options.host ?? '127.0.0.1';
  const basePort = options.port ?? 8780;
  const nextPort = (offset: number) => (basePort === 0 ? 0 : basePort + offset);
  const log = options.log ?? (() => {});
  const clock = options.clock ?? systemClock;
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
  };

  try {
    const dynalite = await startDynalite({ host, ...(options.inMemoryDb ? {} : { path: path.join(dataDir, 'dynamodb') }) });
    closers.push(dynalite.close);
    const { client, doc } = makeDynamoClients({ endpoint: dynalite.endpoint });
    closers.push(async () => client.destroy());
    const tableName = 'newshound-local';
    await ensureTable(client, tableName);
    const stores = dynamoStores(doc, tableName);

    const sesServer = await startSesServer({ host, port: nextPort(1) });
    closers.push(sesServer.close);
    const sesUrl = sesServer.url;

    const secrets = loadLocalSecrets(dataDir);
    const telegram = await startTelegramStandIn({ host, port: nextPort(2), botToken: secrets.telegramBotToken });
    closers.push(telegram.close);

    // Routes see the context once it is built; the server must listen first so the config knows its URL.
    const ready: { context?: LocalContext } = {};
    const routes: LocalRoute[] = localRoutes;
    const app = await startAppServer({ host, port: basePort, routes, context: () => ready.context! });
    closers.push(app.close);

    const urls = { samplesBaseUrl: `${app.url}/samples`, publicBaseUrl: app.url };
    const config: AppConfig = parseAppConfig(options.config ? options.config(urls) : localConfigInput(urls));
    await seedSubscribers(stores.subscribers, config.subscribers);

    const queueDir = (name: string) => path.join(dataDir, 'queues', name);
    const now = () => clock.now().getTime();
    const queues = {
      poll: new FileQueue<PollRequested>('poll', queueDir('poll'), now),
      fanOut: new FileQueue<ArticleMatchesHandedOn>('fan-out', queueDir('fan-out'), now),
      email: new FileQueue<DeliveryRequested>('email', queueDir('email'), now),
      telegram: new FileQueue<DeliveryRequested>('telegram', queueDir('telegram'), now),
      webhook: new FileQueue<DeliveryRequested>('webhook', queueDir('webhook'), now),
      publish: new FileQueue<PublishRequested>('publish', queueDir('publish'), now),
    };
    const feedsDir = path.join(dataDir, 'feeds');
    const outboxDir = path.join(dataDir, 'outbox');
    mkdirSync(outboxDir, { recursive: true });

    const context: LocalContext = (ready.context = {
      config,
      dataDir,
      clock,
      stores,
      queues,
      feedsDir,
      outboxDir,
      urls: { app: app.url, ses: sesUrl, telegram: telegram.url, dynamodb: dynalite.endpoint },
    });
    const ses = new SESClient({ region: 'us-east-1', endpoint: sesUrl, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    closers.push(async () => ses.destroy());

    // Every message sent locally also lands in the outbox folder (.eml per email, .json per Telegram/webhook request).
    const realBotToken = process.env.NEWSHOUND_TELEGRAM_BOT_TOKEN;
    const senders = {
      mailer: new OutboxMailer(new SesMailer(ses), outboxDir),
      telegram: new OutboxTelegramClient(
        new TelegramBotClient({ apiBase: realBotToken ? 'https://api.telegram.org' : telegram.url, botToken: realBotToken ?? secrets.telegramBotToken }),
        outboxDir,
      ),
      webhooks: new OutboxWebhookClient(new HttpWebhookClient({ allowLoopback: true }), outboxDir),
    };
    const pipeline = buildPipeline({
      context,
      topics: compileTopics(config.topics),
      fetcher: options.fetcher ?? new GuardedHttpFetcher({ allowLoopback: true, timeoutMs: config.polling.fetchTimeoutMs, maxBytes: config.polling.maxBodyBytes }),
      senders,
      secrets,
      publisher: new FolderFeedPublisher(feedsDir),
      log,
    });
    closers.push(async () => pipeline.stop());

    // Subscription pages and the Telegram bot; the stand-in's /chat page talks to the bot through its webhook.
    context.subscriptions = localSubscriptionServices({ doc, tableName, config, clock, secrets, log, mailer: senders.mailer, telegram: senders.telegram });
    telegram.addRoute(telegramUpdateSenderRoute({ webhookUrl: `${app.url}/telegram/webhook`, secret: secrets.telegramWebhookSecret }));

    return { context, pipeline, telegram, secrets, close };
  } catch (error) {
    await close();
    throw error;
  }
}
