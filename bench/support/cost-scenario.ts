/**
 * The counted scenario behind the cost model: the product's own functions (each function's composition and its
 * handler module's makeHandler, see bench-functions.ts) on the DynamoDB adapters over dynalite, driven as their
 * event sources and schedules would drive them (sim-lambda.ts, schedules.ts), with every call counted.
 *
 * Per 5-minute cycle: every feed is polled (as "1,000 feeds every 5 minutes" asks); 60 % answer 304, 40 % answer 200
 * (a changed body), and the 200s carry new articles at 20 per feed per day; one new article per cycle matches a
 * topic that 200 subscribers follow (half email, half Telegram), as each of the target's 100 topics would have
 * (10,000 subscribers × 2 topics / 100 topics). The other topics carry 50 earlier matches each, so the combined
 * feed is rebuilt from a realistic store. 100 partners read 3 topics each (3 partners per topic, as in the target).
 * A warm-up cycle stores every feed's items first; it is not counted.
 */
import { DynamoStoryStore } from '../../shared/adapters/dynamodb/dynamo-story-store.js';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { subscribers as adminSubscribers } from '../../infra/config/subscribers.js';
import { topics as configTopics } from '../../infra/config/topics.js';
import { DynamoFailingFeedsReports, dynamoStores, ensureTable } from '../../shared/adapters/dynamodb/index.js';
import { DynamoPartnerAccessRecord } from '../../shared/adapters/dynamodb/dynamo-partner-access-record.js';
import { ACCEPT_HTML, GuardedHttpFetcher } from '../../shared/adapters/http/guarded-fetcher.js';
import { MemoryHostPacer } from '../../shared/adapters/memory/memory-host-pacer.js';
import { MemoryPartnerAccessTable } from '../../shared/adapters/memory/memory-partner-access.js';
import { WorkerPageExtractor } from '../../shared/adapters/worker-threads/worker-page-extractor.js';
import { WorkerFeedParser } from '../../shared/adapters/worker-threads/worker-feed-parser.js';
import type { DeliveryRequested, PollRequested } from '../../shared/domain/messages.js';
import type { Subscriber } from '../../shared/domain/subscriber.js';
import type { PartnerAccess } from '../../shared/domain/syndication/index.js';
import type { Topic } from '../../shared/domain/topic.js';
import { nextPollAfterSuccess } from '../../shared/domain/polling/schedule.js';
import { compileTopics } from '../../shared/domain/topics/index.js';
import { parseAppConfig } from '../../shared/runtime/app-config.js';
import { publishFeedsDefinition } from '../../shared/runtime/composition/publish-feeds.js';
import { makeDynamoClients } from '../../shared/runtime/dynamodb-client.js';
import { queueTriggerOf } from '../../shared/topology/functions.js';
import type { PageExtractor } from '../../shared/ports/page-extractor.js';
import type { ConsumerOutcome } from '../../shared/usecases/consumer-outcome.js';
import { publishTopicFeeds } from '../../shared/usecases/publish-feeds.js';
import { type BenchFunctionName, benchFunctions } from './bench-functions.js';
import { benchPorts, type BenchWorld } from './bench-ports.js';
import { DynamoMeter, itemSize } from './dynamo-meter.js';
import { startDynaliteProcess } from './dynalite-process.js';
import { startFeedServer } from './feed-server.js';
import { LambdaLogs } from './lambda-logs.js';
import { type BenchSchedule, scheduledEvent, SCHEDULES } from './schedules.js';
import type { SimContainer } from './sim-containers.js';
import { SimEventSources } from './sim-event-sources.js';
import { SimRuntime } from './sim-lambda.js';
import { SimClock, simQueues } from './sim-queue.js';
import { CountingMailer, CountingNotifier, CountingPublisher, CountingTelegram, CountingWebhooks, CountingWebSub, CountingInbox, CountingHubClient, LatencyFetcher, LatencyPageFetcher } from './stand-ins.js';
import { articlePageHtml, type FeedItem, feedXml, topicToken, words } from './synthetic-feeds.js';
import { Tally } from './tally.js';
import type { Trace } from './trace.js';

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
  /**
   * The share of feeds that carry only excerpts: their new items' article pages are fetched and extracted (full
   * text, served by the loopback server at ~100 KB each). Default 0.
   */
  excerptFeedShare?: number;
  log?: (line: string) => void;
}

export interface ScenarioResult {
  tally: Tally;
  options: ScenarioOptions;
  /** Syncs of the partner token table after the warm-up (none while the partners stay the same). */
  partnerAccessSyncs: number;
  /** Average sizes of what partners download (their topics' RSS: the shared public objects), raw and gzip. */
  partnerFeedBytes: { raw: number; gzip: number };
  publicFeedObjects: number;
  partnerFeedObjects: number;
  /** Mean over feeds of min(1, 5 min / the interval the adaptive schedule would choose with its default limits): how often it would poll. */
  adaptivePollShare: number;
  meanPollIntervalMinutes: number;
  wallSeconds: number;
  /** Full text: pages fetched, their bytes, and the stored articles' item sizes with and without page text. */
  fullText: { pagesFetched: number; pollsWithPages: number; pageBytesIn: number; extractMs: number; excerptFeeds: number; articleItemBytes: { withPageText: number; without: number; withCount: number } };
}

const CYCLE_MS = 5 * 60_000;
const START = Date.UTC(2026, 10, 20, 6, 0, 0);
const FEEDS_BASE_URL = 'https://d111111abcdef8.cloudfront.net';

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** The "polled" lines poll-feed logs at INFO (a 200 or an error), one per feed: the polls' counts, as an operator reads them. */
interface PolledLine {
  message?: string;
  status?: string;
  newArticles?: number;
  matches?: Record<string, number>;
  pages?: { fetched: number; failed: number; skipped: number };
}
function polledLines(trace: Trace): PolledLine[] {
  const lines = [];
  for (const line of trace.output.join('').split('\n')) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as PolledLine;
    if (parsed.message === 'polled') lines.push(parsed);
  }
  return lines;
}

/** Polls per status in poll-feed's outcome: `ok` for one feed, `polled 10 feeds: ok 4, not-modified 6` for a group. */
function statusCounts(detail: string): Map<string, number> {
  const group = /^polled \d+ feeds: ([^;]*)/.exec(detail);
  if (!group) return new Map([[detail, 1]]);
  return new Map(group[1]!.split(', ').map((part) => [part.slice(0, part.lastIndexOf(' ')), Number(part.slice(part.lastIndexOf(' ') + 1))]));
}

export async function runCostScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const log = o.log ?? (() => {});
  const tally = new Tally();
  const clock = new SimClock(START - CYCLE_MS);
  const logs = new LambdaLogs(tally);

  // --- feeds on loopback --------------------------------------------------------------------------------------
  let itemCounter = 1000;
  const feedItems = new Map<number, FeedItem[]>();
  const bodies = new Map<number, { body: Buffer; etag: string }>();
  /** When each feed last changed and its items' dates then: what its next 200 schedules from. */
  const changed = new Map<number, { at: Date; published: string[] }>();
  const excerptShare = o.excerptFeedShare ?? 0;
  /** Spread evenly over the feeds: feed i is excerpt-only when the running count of excerpt feeds steps at it. */
  const isExcerptFeed = (i: number) => Math.floor((i + 1) * excerptShare) > Math.floor(i * excerptShare);
  let pagesBase = '';
  const render = (i: number, builtAt: number) => {
    const body = Buffer.from(feedXml(i, feedItems.get(i)!, builtAt, isExcerptFeed(i) ? { pagesBase } : undefined));
    bodies.set(i, { body, etag: `"f${i}-${builtAt}-${feedItems.get(i)![0]!.n}"` });
    changed.set(i, { at: clock.now(), published: feedItems.get(i)!.map((item) => new Date(item.at).toISOString()) });
  };
  const server = await startFeedServer(bodies, undefined, (feed, n) => articlePageHtml(feed, n));
  pagesBase = server.url;
  for (let i = 0; i < o.feeds; i++) {
    feedItems.set(i, Array.from({ length: o.itemsPerFeed }, (_, k) => ({ n: ++itemCounter, at: START - (k + 1) * 3_600_000 - i * 60_000 })));
    render(i, START - CYCLE_MS);
  }

  // --- topics, subscribers, partners, config ------------------------------------------------------------------
  const matched = configTopics.slice(0, 2);
  const topics: Topic[] = [...matched, ...Array.from({ length: o.topics - matched.length }, (_, n) => ({ id: `topic-${n + 1}`, name: `Topic ${n + 1}`, query: topicToken(n + 1) }))];
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
    // Their tokens are in the PartnerTokens secret, as in AWS.
    partners: partners.map(({ token: _token, ...partner }) => partner),
    // The budget's premise is every feed at every 5-minute tick: an interval capped below the tick makes every feed due
    // at each one, so the scheduled dispatch and the polls run as in production (the adaptive schedule would poll
    // most feeds less often; meanPollIntervalMinutes reports what it would choose).
    polling: { minIntervalMinutes: 1, maxIntervalMinutes: CYCLE_MS / 60_000 - 1 },
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
  const stopCapture = logs.capture();
  const feedParser = new WorkerFeedParser();
  const pageExtractor = new WorkerPageExtractor({ deadlineMs: config.polling.fullText.extractTimeoutMs, memoryMb: 64 });
  const pages = config.polling.fullText;
  /** Wall time spent extracting (the handler waits for the worker): measured, so it is in poll-feed's durations too. */
  let extractMs = 0;
  const timedExtractor: PageExtractor = {
    extract: async (page) => {
      const start = performance.now();
      try {
        return await pageExtractor.extract(page);
      } finally {
        extractMs += performance.now() - start;
      }
    },
  };
  // The pages of feed i count in feed i's lane: its poll fetches them after its feed.
  const pageFetcher = new LatencyPageFetcher(
    new GuardedHttpFetcher({ allowLoopback: true, timeoutMs: pages.pageTimeoutMs, maxBytes: pages.maxPageBytes, accept: ACCEPT_HTML }),
    (url) => `${server.url}/feed/${/\/page\/(\d+)\//.exec(url)?.[1] ?? ''}`,
    pages.hostSpacingMs,
  );
  try {
    await ensureTable(client, table);
    new DynamoMeter(raw).attach(client);
    const stores = dynamoStores(doc, table, () => clock.now());
    const publisher = new CountingPublisher();
    const telegram = new CountingTelegram();
    const queues = simQueues(clock);
    const eventSources = new SimEventSources();
    const partnerAccessTable = new MemoryPartnerAccessTable();
    let syncsAtWarmUp = 0;
    const world: BenchWorld = {
      config,
      clock,
      logs,
      queues,
      eventSources,
      shared: {
        table: stores,
        topics: compileTopics(config.topics),
        // The story grouping over the metered table, as poll-feed, publish-feeds and the senders compose it.
        stories: new DynamoStoryStore(doc, table, { topics: compileTopics(config.topics) }),
        feedsBucket: { publisher, baseUrl: FEEDS_BASE_URL },
        mailer: new CountingMailer(),
        // SES GetAccount has no charge; the benchmark's account has production access.
        sendingAccount: { inSandbox: async () => false },
        fetcher: new LatencyFetcher(new GuardedHttpFetcher({ allowLoopback: true, timeoutMs: config.polling.fetchTimeoutMs, maxBytes: config.polling.maxBodyBytes })),
        feedParser,
        fullText: {
          pageFetcher,
          extractor: timedExtractor,
          pacer: new MemoryHostPacer(0),
          config: { maxPagesPerPoll: pages.maxPagesPerPoll, pageBudgetMs: pages.pageBudgetMs, perPageMs: pages.pageTimeoutMs + pages.extractTimeoutMs },
        },
        webhooks: new CountingWebhooks(),
        telegram: () => telegram,
        websub: () => new CountingWebSub(),
        inbox: new CountingInbox(),
        hubClient: new CountingHubClient(),
        adminNotifier: new CountingNotifier(),
        failingFeedsReports: new DynamoFailingFeedsReports(doc, table),
        // The KeyValueStore's API calls are counted by the table (none once the partners are in sync); the record's
        // read on every publish by the metered client.
        partnerAccess: { table: partnerAccessTable, record: new DynamoPartnerAccessRecord(doc, table) },
      },
      secrets: { partnerTokens: JSON.stringify(Object.fromEntries(partners.map((p) => [p.id, p.token]))) },
    };

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
    await publishTopicFeeds(await publishFeedsDefinition.compose(benchPorts('publish-feeds', world)), { topicIds: topics.map((t) => t.id) });
    log(`set-up: ${generated.length} subscribers, ${history.length} earlier matches, ${publisher.objects.size} feed files (${((performance.now() - started) / 1000).toFixed(1)} s)`);

    // --- the functions, on their event sources and schedules ---------------------------------------------------------
    const observePoll = (_body: PollRequested, outcome: ConsumerOutcome, trace: Trace) => {
      const counts = outcome.kind === 'done' ? statusCounts(outcome.detail) : new Map([[outcome.kind, 1]]);
      const lines = polledLines(trace);
      const ok = counts.get('ok') ?? 0;
      if (lines.filter((l) => l.status === 'ok').length !== ok) throw new Error('poll-feed logged no "polled" line for a 200: the cost scenario reads its counts there');
      const withNew = lines.filter((l) => l.status === 'ok' && (l.newArticles ?? 0) > 0).length;
      const tags = new Map<string, number>([['200 new', withNew], ['200', ok - withNew], ['304', counts.get('not-modified') ?? 0]]);
      for (const [status, n] of counts) if (status !== 'ok' && status !== 'not-modified') tags.set(status, n);
      // A message's rows carry one tag: the richest outcome in it.
      trace.tag = [...tags].find(([, n]) => n > 0)?.[0] ?? 'empty';
      for (const [tag, n] of tags) {
        if (n === 0) continue;
        tally.drive('polls', n);
        tally.drive(`polls ${tag}`, n);
      }
      tally.drive('newArticles', lines.reduce((n, l) => n + (l.newArticles ?? 0), 0));
      tally.drive('pages fetched', lines.reduce((n, l) => n + (l.pages?.fetched ?? 0) + (l.pages?.failed ?? 0), 0));
      tally.drive('polls with pages', lines.filter((l) => (l.pages?.fetched ?? 0) + (l.pages?.failed ?? 0) > 0).length);
      tally.drive('matchedArticles', lines.reduce((n, l) => n + Object.values(l.matches ?? {}).reduce((a, k) => a + k, 0), 0));
    };
    const observeDelivery = (body: DeliveryRequested, outcome: ConsumerOutcome) => {
      if (outcome.kind === 'done' && outcome.detail === 'sent') tally.drive(`sent ${body.channel}`);
      if (outcome.kind === 'retry') tally.drive(`re-queued ${body.channel}`);
    };
    const functions = benchFunctions(world, { poll: observePoll, delivery: observeDelivery });
    const runtime = new SimRuntime(clock, tally, logs, eventSources, queues);
    for (const fn of Object.keys(functions) as BenchFunctionName[]) if (queueTriggerOf(fn)) runtime.addConsumer(fn, functions[fn]);
    // A schedule beside a queue trigger (a sender's resume check) runs in one of that consumer's containers.
    const containers = new Map<string, SimContainer>(SCHEDULES.map((s) => [s.label, queueTriggerOf(s.fn) ? runtime.container(s.fn) : functions[s.fn as BenchFunctionName]()]));
    const fire = async (s: BenchSchedule) => {
      await runtime.tick(s.label, s.fn, containers.get(s.label)!, scheduledEvent(s, clock.now()));
      tally.drive(`schedule ${s.label}`);
    };
    const dispatch = SCHEDULES.find((s) => s.fn === 'dispatch-polls')!;
    const others = SCHEDULES.filter((s) => s !== dispatch);

    // --- the cycles -----------------------------------------------------------------------------------------------
    const newPerCycle = (o.feeds * o.newArticlesPerFeedPerDay) / 288;
    for (let c = 0; c <= o.cycles; c++) {
      const cycleStart = START + (c - 1) * CYCLE_MS;
      clock.set(cycleStart);
      if (c > 0) {
        const changing = [...Array(o.feeds).keys()].filter((i) => (i + c) % 5 < 2);
        const fresh = Math.max(1, Math.round(c * newPerCycle) - Math.round((c - 1) * newPerCycle));
        changing.forEach((i, k) => {
          if (k < fresh) {
            const topical = k === 0 ? (c % 2 === 1 ? 'CSTO' : 'Nagorno-Karabakh') : undefined;
            const items = feedItems.get(i)!;
            items.unshift({ n: ++itemCounter, at: cycleStart - 60_000, ...(topical ? { topical } : {}) });
            items.length = o.itemsPerFeed;
          }
          render(i, cycleStart - 30_000);
        });
      }
      await fire(dispatch);
      await runtime.drain();
      for (let m = 1; m <= CYCLE_MS / 60_000; m++) {
        clock.set(cycleStart + m * 60_000 - 1);
        // Minutes since the scenario began: a schedule slower than a cycle (websub-subscribe, 15 min) fires too.
        const minute = (c * CYCLE_MS) / 60_000 + m;
        for (const s of others) if (minute % s.trigger.rateMinutes === 0) await fire(s);
      }
      if (c === 0) {
        tally.reset();
        syncsAtWarmUp = partnerAccessTable.calls;
        pageFetcher.bytesIn = 0;
        extractMs = 0;
        log(`warm-up cycle stored every feed's items (not counted) (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }
    }
    await runtime.drain();
    const intervals = [...changed.values()].map(({ at, published }) => nextPollAfterSuccess({ now: at, published }).intervalMinutes);

    // The stored articles' item sizes as DynamoDB bills them (page text compressed beside the article), with and without page text.
    const sizes = { with: [] as number[], without: [] as number[] };
    for await (const page of paginateScan({ client: raw }, { TableName: table, FilterExpression: '#t = :a', ExpressionAttributeNames: { '#t': 'type' }, ExpressionAttributeValues: { ':a': { S: 'article' } } })) {
      for (const item of page.Items ?? []) (item['pageTextBr'] ? sizes.with : sizes.without).push(itemSize(item));
    }
    // Partners read the public topic objects through the token check.
    const partnerRss = [...publisher.objects.entries()].filter(([k]) => !k.startsWith('feeds/private/') && k.endsWith('.xml') && k !== 'feeds/all.xml');
    const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    return {
      tally,
      options: o,
      partnerAccessSyncs: partnerAccessTable.calls - syncsAtWarmUp,
      partnerFeedBytes: { raw: avg(partnerRss.map(([, v]) => v.bytes)), gzip: avg(partnerRss.map(([, v]) => v.gzipBytes)) },
      publicFeedObjects: [...publisher.objects.keys()].filter((k) => !k.startsWith('feeds/private/')).length,
      partnerFeedObjects: [...publisher.objects.keys()].filter((k) => k.startsWith('feeds/private/')).length,
      adaptivePollShare: avg(intervals.map((m) => Math.min(1, CYCLE_MS / 60_000 / m))),
      meanPollIntervalMinutes: avg(intervals),
      wallSeconds: (performance.now() - started) / 1000,
      fullText: {
        pagesFetched: tally.drivers['pages fetched'] ?? 0,
        pollsWithPages: tally.drivers['polls with pages'] ?? 0,
        pageBytesIn: pageFetcher.bytesIn,
        extractMs,
        excerptFeeds: [...Array(o.feeds).keys()].filter(isExcerptFeed).length,
        articleItemBytes: { withPageText: avg(sizes.with), without: avg(sizes.without), withCount: sizes.with.length },
      },
    };
  } finally {
    stopCapture();
    await feedParser.close();
    await pageExtractor.close();
    client.destroy();
    raw.destroy();
    dynamo.close();
    await server.close();
  }
}
