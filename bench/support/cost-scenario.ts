/**
 * The counted scenario behind the cost model: the product's own use cases (dispatchPolls, pollFeed, fanOut,
 * deliverAlert, publishTopicFeeds, sweepOutbox, sendDigests) on the DynamoDB adapters over dynalite, wired as the
 * Lambda handlers wire them, driven as the event sources would drive them (see sim-lambda.ts), with every call counted.
 *
 * Per 5-minute cycle: every feed is polled (as "1,000 feeds every 5 minutes" asks); 60 % answer 304, 40 % answer 200
 * (a changed body), and the 200s carry new articles at 20 per feed per day; one new article per cycle matches a
 * topic that 200 subscribers follow (half email, half Telegram), as each of the target's 100 topics would have
 * (10,000 subscribers × 2 topics / 100 topics). The other topics carry 50 earlier matches each, so the combined
 * feed is rebuilt from a realistic store. 100 partners read 3 topics each (3 partners per topic, as in the target).
 * A warm-up cycle stores every feed's items first; it is not counted.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FUNCTION_SPECS } from '../../infra/stacks/function-specs.js';
import { subscribers as adminSubscribers } from '../../infra/config/subscribers.js';
import { topics as configTopics } from '../../infra/config/topics.js';
import { dynamoStores, ensureTable } from '../../shared/adapters/dynamodb/index.js';
import { GuardedHttpFetcher } from '../../shared/adapters/http/guarded-fetcher.js';
import { MemorySendPacer } from '../../shared/adapters/memory/memory-send-pacer.js';
import type { ArticleMatchesHandedOn, DeliveryRequested, PollRequested, PublishRequested } from '../../shared/domain/messages.js';
import type { Subscriber } from '../../shared/domain/subscriber.js';
import type { PartnerAccess } from '../../shared/domain/syndication/index.js';
import type { Topic } from '../../shared/domain/topic.js';
import { compileTopics } from '../../shared/domain/topics/index.js';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { parseAppConfig } from '../../shared/runtime/app-config.js';
import { makeDynamoClients } from '../../shared/runtime/dynamodb-client.js';
import { deliverAlert, deliverAlertConfig, type DeliverAlertDeps } from '../../shared/usecases/deliver-alert.js';
import { dispatchPolls } from '../../shared/usecases/dispatch-polls.js';
import { fanOut } from '../../shared/usecases/fan-out.js';
import { pollFeed } from '../../shared/usecases/poll-feed.js';
import { publishTopicFeeds } from '../../shared/usecases/publish-feeds.js';
import { seedSubscribers } from '../../shared/usecases/seed-subscribers.js';
import { sendDigests } from '../../shared/usecases/send-digests.js';
import { sweepOutbox } from '../../shared/usecases/sweep-outbox.js';
import { DynamoMeter } from './dynamo-meter.js';
import { startDynaliteProcess } from './dynalite-process.js';
import { LambdaLogs } from './lambda-logs.js';
import { SimRuntime } from './sim-lambda.js';
import { SimClock, SimQueue } from './sim-queue.js';
import { CountingMailer, CountingPublisher, CountingTelegram, CountingWebhooks, LatencyFetcher } from './stand-ins.js';
import { Tally } from './tally.js';
import { currentTrace } from './trace.js';
import { startFeedServer } from './feed-server.js';

export interface ScenarioOptions {
  feeds: number;
  /** Measured 5-minute cycles (after the warm-up). */
  cycles: number;
  topics: number;
  /** Earlier matches stored per topic before the run. */
  historyPerTopic: number;
  partners: number;
  /** Subscribers, all following the two matched topics; half email, half Telegram (2 of them the admin-defined ones). */
  subscribers: number;
  /** New articles per feed per day (the 200 answers carry them). */
  newArticlesPerFeedPerDay: number;
  itemsPerFeed: number;
  log?: (line: string) => void;
}

export interface ScenarioResult {
  tally: Tally;
  options: ScenarioOptions;
  /** Average sizes of what partners download (their topic RSS), raw and gzip. */
  partnerFeedBytes: { raw: number; gzip: number };
  publicFeedObjects: number;
  partnerFeedObjects: number;
  /** Mean over feeds of min(1, 5 min / the interval the adaptive schedule chose): how often it would poll. */
  adaptivePollShare: number;
  meanPollIntervalMinutes: number;
  wallSeconds: number;
}

const WORDS =
  'summit leaders regional talks border agreement minister press economy energy government parliament election market report statement harvest railway bridge festival museum weather storm school budget hospital court trade port tourism exports bank rates'.split(' ');
const CYCLE_MS = 5 * 60_000;
const START = Date.UTC(2026, 10, 20, 6, 0, 0);

/** A word the synthetic topics match and nothing else contains: letters only, one per topic. */
const token = (n: number) => `zq${String.fromCharCode(97 + Math.floor(n / 26))}${String.fromCharCode(97 + (n % 26))}vex`;

function words(seed: number, n: number): string {
  return Array.from({ length: n }, (_, i) => WORDS[(seed * 7 + i * 13 + (i * i) % 11) % WORDS.length]).join(' ');
}

interface FeedItem {
  n: number;
  /** Text that makes it match a topic, if any. */
  topical?: string;
  at: number;
}

function itemXml(feed: number, item: FeedItem): string {
  const text = words(feed * 31 + item.n, 95);
  const title = `${item.topical ? `${item.topical} ` : ''}${words(feed + item.n * 3, 9)} ${feed}-${item.n}`;
  return (
    `<item><title>${title}</title><link>https://site${feed}.example/news/${item.n}?utm_source=rss</link>` +
    `<guid isPermaLink="false">site${feed}-${item.n}</guid><pubDate>${new Date(item.at).toUTCString()}</pubDate>` +
    `<description><![CDATA[<p>${item.topical ? `${item.topical}: ` : ''}${text}</p>]]></description></item>`
  );
}

function feedXml(feed: number, items: FeedItem[], builtAt: number): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site ${feed}</title><link>https://site${feed}.example/</link>` +
    `<description>News from site ${feed}</description><lastBuildDate>${new Date(builtAt).toUTCString()}</lastBuildDate>${items.map((i) => itemXml(feed, i)).join('')}</channel></rss>`
  );
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export async function runCostScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const log = o.log ?? (() => {});
  const tally = new Tally();
  const clock = new SimClock(START - CYCLE_MS);
  const logs = new LambdaLogs(tally);
  const runtime = new SimRuntime(clock, tally, logs);

  // --- feeds on loopback --------------------------------------------------------------------------------------
  let itemCounter = 1000;
  const feedItems = new Map<number, FeedItem[]>();
  const bodies = new Map<number, { body: Buffer; etag: string }>();
  const render = (i: number, builtAt: number) => {
    const body = Buffer.from(feedXml(i, feedItems.get(i)!, builtAt));
    bodies.set(i, { body, etag: `"f${i}-${builtAt}-${feedItems.get(i)![0]!.n}"` });
  };
  for (let i = 0; i < o.feeds; i++) {
    feedItems.set(i, Array.from({ length: o.itemsPerFeed }, (_, k) => ({ n: ++itemCounter, at: START - (k + 1) * 3_600_000 - i * 60_000 })));
    render(i, START - CYCLE_MS);
  }
  const server = await startFeedServer(bodies);

  // --- topics, subscribers, partners, config ------------------------------------------------------------------
  const matched = configTopics.slice(0, 2);
  const topics: Topic[] = [...matched, ...Array.from({ length: o.topics - matched.length }, (_, n) => ({ id: `topic-${n + 1}`, name: `Topic ${n + 1}`, query: token(n + 1) }))];
  const partners: PartnerAccess[] = Array.from({ length: o.partners }, (_, i) => ({
    id: `partner-${i}`,
    token: `partner${String(i).padStart(4, '0')}-${'k'.repeat(32)}`,
    topics: [0, 1, 2].map((k) => topics[(3 * i + k) % topics.length]!.id),
  }));
  const config = parseAppConfig({
    stage: 'prod',
    publicBaseUrl: 'https://api.news.example.org',
    email: { from: 'alerts@news.example.org' },
    feeds: Array.from({ length: o.feeds }, (_, i) => ({ id: `feed-${i}`, url: `${server.url}/feed/${i}` })),
    topics,
    subscribers: adminSubscribers,
  });
  const generated: Subscriber[] = Array.from({ length: o.subscribers - adminSubscribers.length }, (_, i) => ({
    id: `reader-${i}`,
    ...(i % 2 === 0 ? { email: `reader${i}@example.org`, channels: ['email' as const] } : { telegramChatId: String(300_000 + i), channels: ['telegram' as const] }),
    topics: matched.map((t) => t.id),
    mode: 'instant' as const,
    timeZone: 'UTC',
    status: 'active' as const,
  }));

  // --- DynamoDB (dynalite) with the meter -------------------------------------------------------------------------
  const dynamo = await startDynaliteProcess();
  const { client, doc } = makeDynamoClients({ endpoint: dynamo.endpoint });
  const raw = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const table = 'newshound-cost';
  try {
    await ensureTable(client, table);
    new DynamoMeter(raw).attach(client);
    const stores = dynamoStores(doc, table);

    // --- set-up, not counted: subscribers, earlier matches, a first publish --------------------------------------
    await inBatches(generated, 20, (s) => stores.subscribers.put(s));
    const history = topics.flatMap((t, ti) =>
      Array.from({ length: o.historyPerTopic }, (_, k) => ({ topic: t, id: `hist-${t.id}-${k}`, at: START - (k + 1) * 2 * 3_600_000 - ti * 1000 })),
    );
    await inBatches(history, 25, async (h) => {
      const at = new Date(h.at).toISOString();
      await stores.articles.putIfAbsent({ id: h.id, feedId: 'feed-0', title: `${h.topic.name}: ${words(h.at % 97, 9)}`, link: `https://site0.example/news/${h.id}`, summary: words(h.at % 89, 95), sourceTitle: 'Site 0', firstSeen: at, published: at });
      const terms = [{ term: h.topic.name, field: 'title' as const, snippet: `${h.topic.name}: ${words(h.at % 97, 6)}` }];
      await stores.matches.putPending({ articleId: h.id, topicId: h.topic.id, terms, matchedAt: at });
      await stores.matches.markHandedOn({ articleId: h.id, topicId: h.topic.id });
    });
    const publisher = new CountingPublisher();
    const publishDeps = { articles: stores.articles, matches: stores.matches, publisher, config: { baseUrl: 'https://d111111abcdef8.cloudfront.net', itemsPerFeed: 50, topics, partners } };
    await publishTopicFeeds(publishDeps, { topicIds: topics.map((t) => t.id) });
    log(`set-up: ${generated.length} subscribers, ${history.length} earlier matches, ${publisher.objects.size} feed files (${((performance.now() - started) / 1000).toFixed(1)} s)`);

    // --- queues and consumers, wired as the handlers wire the use cases --------------------------------------------
    const queues = {
      poll: new SimQueue<PollRequested>('poll', clock),
      fanOut: new SimQueue<ArticleMatchesHandedOn>('fan-out', clock),
      email: new SimQueue<DeliveryRequested>('email', clock),
      telegram: new SimQueue<DeliveryRequested>('telegram', clock),
      webhook: new SimQueue<DeliveryRequested>('webhook', clock),
      publish: new SimQueue<PublishRequested>('publish', clock),
    };
    const deliveryQueues = { email: queues.email, telegram: queues.telegram, webhook: queues.webhook };
    const compiled = compileTopics(config.topics);
    const fetcher = new LatencyFetcher(new GuardedHttpFetcher({ allowLoopback: true, timeoutMs: config.polling.fetchTimeoutMs, maxBytes: config.polling.maxBodyBytes }));
    const pollLog = logs.of('poll-feed');

    runtime.addConsumer<PollRequested>({
      fn: 'poll-feed',
      queue: queues.poll,
      lanes: 10,
      handle: async (body, meta) => {
        const feed = config.feeds.find((f) => f.id === body.feedId);
        if (!feed) return { kind: 'park', reason: `unknown feed "${body.feedId}"` };
        const result = await pollFeed(
          { fetcher, feedStates: stores.feedStates, articles: stores.articles, matches: stores.matches, fanOut: queues.fanOut, topics: compiled, clock, config: config.polling, leaseHolder: meta.requestId },
          { feed, onlyIfDue: !body.force },
        );
        const matchedHere = Object.values(result.matches).reduce((n, k) => n + k, 0);
        currentTrace()!.tag = result.status === 'not-modified' ? '304' : result.status === 'ok' ? (result.newArticles > 0 ? '200 new' : '200') : result.status;
        tally.drive('polls');
        tally.drive(`polls ${currentTrace()!.tag}`);
        tally.drive('newArticles', result.newArticles);
        tally.drive('matchedArticles', matchedHere);
        // The handler's own lines and metrics (functions/poll-feed/handler.ts): keep in step with it.
        logs.capture('poll-feed', () => {
          if (result.status === 'error') pollLog.metrics.addMetric('PollFailed', MetricUnit.Count, 1);
          if (result.newArticles > 0) pollLog.metrics.addMetric('NewArticles', MetricUnit.Count, result.newArticles);
          if (result.status === 'not-modified' || result.status === 'skipped') pollLog.logger.debug('polled', { ...result });
          else pollLog.logger.info('polled', { ...result });
        });
        return { kind: 'done', detail: result.status };
      },
      afterInvocation: () => pollLog.metrics.publishStoredMetrics(),
    });
    runtime.addConsumer<ArticleMatchesHandedOn>({
      fn: 'fan-out',
      queue: queues.fanOut,
      lanes: 5,
      handle: (body) =>
        fanOut({ articles: stores.articles, subscribers: stores.subscribers, activity: stores.activity, queues: { ...deliveryQueues, publish: queues.publish }, clock, config: { storm: config.delivery.storm, telegramPerSecond: config.delivery.telegram.perBotPerSecond } }, body),
    });
    // Each container builds its own deps (delivery-deps.ts): its own pacer, at its share of the bot's rate.
    const senders = { mailer: new CountingMailer(), telegram: new CountingTelegram(), webhooks: new CountingWebhooks() };
    const telegramSenders = FUNCTION_SPECS['send-telegram'].consumes?.maxConcurrency ?? 1;
    const base = deliverAlertConfig(config, { tokenSecret: 'cost-model-signing-key-0123456789abcdef', webhookSecret: 'cost-model-webhook-key-0123456789' });
    const deliveryDeps = (): DeliverAlertDeps => ({
      articles: stores.articles,
      subscribers: stores.subscribers,
      ledger: stores.ledger,
      digests: stores.digests,
      pacer: new MemorySendPacer(),
      ...senders,
      clock,
      config: { ...base, ...(base.telegram ? { telegram: { ...base.telegram, perBotPerSecond: base.telegram.perBotPerSecond / telegramSenders } } : {}) },
    });
    for (const [fn, queue] of [
      ['send-email', queues.email],
      ['send-telegram', queues.telegram],
      ['send-webhook', queues.webhook],
    ] as const) {
      const lanes = FUNCTION_SPECS[fn].consumes?.maxConcurrency ?? 5;
      const deps = Array.from({ length: lanes }, deliveryDeps);
      runtime.addConsumer<DeliveryRequested>({
        fn,
        queue,
        lanes,
        handle: async (body, meta, lane) => {
          const outcome = await deliverAlert(deps[lane]!, body, meta);
          if (outcome.kind === 'done' && outcome.detail === 'sent') tally.drive(`sent ${body.channel}`);
          if (outcome.kind === 'retry') tally.drive(`re-queued ${body.channel}`);
          return outcome;
        },
      });
    }
    const publishLog = logs.of('publish-feeds');
    runtime.addConsumer<PublishRequested>({
      fn: 'publish-feeds',
      queue: queues.publish,
      lanes: FUNCTION_SPECS['publish-feeds'].consumes?.maxConcurrency ?? 1,
      handleBatch: async (bodies) => {
        const topicIds = [...new Set(bodies.map((b) => b.topicId))];
        const result = await publishTopicFeeds(publishDeps, { topicIds });
        tally.drive('publishBatches');
        tally.drive('topicsRebuilt', result.rebuiltTopics.length);
        logs.capture('publish-feeds', () =>
          publishLog.logger.info('feeds published', { topicIds, written: result.written.length, unchanged: result.unchanged.length, pinged: result.pinged.length, pingError: result.pingError }),
        );
      },
    });

    // --- scheduled functions --------------------------------------------------------------------------------------
    const dispatchLog = logs.of('dispatch-polls');
    const dispatch = () =>
      runtime.tick('dispatch-polls', async () => {
        const seeded = await seedSubscribers(stores.subscribers, config.subscribers);
        // What the adaptive schedule would poll; the budget polls every feed, so all are queued.
        const due = await dispatchPolls({ feeds: config.feeds, feedStates: stores.feedStates, pollQueue: { name: 'poll', send: async () => {} }, clock });
        tally.drive('feedsDue', due.length);
        const feedIds = config.feeds.map((f) => f.id);
        await queues.poll.send(feedIds.map((feedId) => ({ feedId, force: true })));
        tally.drive('dispatchTicks');
        logs.capture('dispatch-polls', () => {
          if (seeded.length > 0) dispatchLog.logger.info('added admin-defined subscribers', { seeded });
          dispatchLog.logger.info('dispatched polls', { count: feedIds.length, feedIds });
        });
      });
    const sweepLog = logs.of('sweep-outbox');
    const sweep = () =>
      runtime.tick('sweep-outbox', async () => {
        const { rehanded } = await sweepOutbox({ matches: stores.matches, fanOut: queues.fanOut, clock });
        tally.drive('sweepTicks');
        if (rehanded > 0) logs.capture('sweep-outbox', () => sweepLog.logger.warn('re-handed pending matches', { rehanded }));
      });
    const digestLog = logs.of('send-digests');
    const digests = () =>
      runtime.tick('send-digests', async () => {
        const result = await sendDigests({ digests: stores.digests, queues: deliveryQueues, clock });
        tally.drive('digestTicks');
        logs.capture('send-digests', () => digestLog.logger.info('digests queued', { ...result }));
      });

    // --- the cycles -----------------------------------------------------------------------------------------------
    const newPerCycle = (o.feeds * o.newArticlesPerFeedPerDay) / 288;
    for (let c = 0; c <= o.cycles; c++) {
      const cycleStart = START + (c - 1) * CYCLE_MS;
      clock.set(cycleStart);
      if (c > 0) {
        const changed = [...Array(o.feeds).keys()].filter((i) => (i + c) % 5 < 2);
        const fresh = Math.max(1, Math.round(c * newPerCycle) - Math.round((c - 1) * newPerCycle));
        changed.forEach((i, k) => {
          if (k < fresh) {
            const topical = k === 0 ? (c % 2 === 1 ? 'CSTO' : 'Nagorno-Karabakh') : undefined;
            const items = feedItems.get(i)!;
            items.unshift({ n: ++itemCounter, at: cycleStart - 60_000, ...(topical ? { topical } : {}) });
            items.length = o.itemsPerFeed;
          }
          render(i, cycleStart - 30_000);
        });
      }
      await dispatch();
      await runtime.drain();
      for (let m = 1; m <= 5; m++) {
        clock.set(cycleStart + m * 60_000 - 1);
        await sweep();
      }
      await digests();
      if (c === 0) {
        tally.reset();
        log(`warm-up cycle stored every feed's items (not counted) (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }
    }
    await runtime.drain();
    const intervals = (await stores.feedStates.getMany(config.feeds.map((f) => f.id))).map((s) => s.pollIntervalMinutes ?? config.polling.minIntervalMinutes);

    const partnerRss = [...publisher.objects.entries()].filter(([k]) => k.startsWith('feeds/private/') && k.endsWith('.xml') && !k.endsWith('/all.xml'));
    const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    return {
      tally,
      options: o,
      partnerFeedBytes: { raw: avg(partnerRss.map(([, v]) => v.bytes)), gzip: avg(partnerRss.map(([, v]) => v.gzipBytes)) },
      publicFeedObjects: [...publisher.objects.keys()].filter((k) => !k.startsWith('feeds/private/')).length,
      partnerFeedObjects: [...publisher.objects.keys()].filter((k) => k.startsWith('feeds/private/')).length,
      adaptivePollShare: avg(intervals.map((m) => Math.min(1, CYCLE_MS / 60_000 / m))),
      meanPollIntervalMinutes: avg(intervals),
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    client.destroy();
    raw.destroy();
    dynamo.close();
    await server.close();
  }
}
