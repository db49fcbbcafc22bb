import { WebSubPinger } from '../../shared/adapters/http/websub-pinger.js';
import type { ArticleMatchesHandedOn, DeliveryRequested, PollRequested } from '../../shared/domain/messages.js';
import type { CompiledTopics } from '../../shared/domain/topics/index.js';
import type { FeedFetcher } from '../../shared/ports/feed-fetcher.js';
import type { FeedPublisher, Mailer, TelegramClient, WebhookClient } from '../../shared/ports/senders.js';
import { MemorySendPacer } from '../../shared/adapters/memory/memory-send-pacer.js';
import { deliverAlert, deliverAlertConfig, type DeliverAlertDeps } from '../../shared/usecases/deliver-alert.js';
import { dispatchPolls } from '../../shared/usecases/dispatch-polls.js';
import { fanOut } from '../../shared/usecases/fan-out.js';
import { pollFeed, type PollFeedResult } from '../../shared/usecases/poll-feed.js';
import { publishTopicFeeds } from '../../shared/usecases/publish-feeds.js';
import { sendDigests } from '../../shared/usecases/send-digests.js';
import { sweepOutbox } from '../../shared/usecases/sweep-outbox.js';
import type { LocalContext } from './context.js';
import type { LocalSecrets } from './local-secrets.js';
import { consumeBatch, emptyStats, type Consumer, type ConsumerStats } from './queue-runner.js';

export interface PipelineDeps {
  context: LocalContext;
  topics: CompiledTopics;
  fetcher: FeedFetcher;
  senders: { mailer: Mailer; telegram: TelegramClient; webhooks: WebhookClient };
  secrets: LocalSecrets;
  publisher: FeedPublisher;
  log: (line: string) => void;
}

export interface CycleSummary {
  feedsPolled: number;
  newArticles: number;
  matches: Record<string, number>;
  emailsSent: number;
  telegramSent: number;
  webhooksSent: number;
  feedsWritten: string[];
  outbox: string;
  feedErrors: { feedId: string; error: string }[];
  parked: number;
}

/** The same use cases the Lambda functions run, wired to local adapters and driven by local queue consumers. */
export function buildPipeline(deps: PipelineDeps) {
  const { context: ctx, log } = deps;
  const { stores, queues, clock, config } = ctx;
  const { mailer, telegram, webhooks } = deps.senders;

  let cycle = newCycle();
  function newCycle() {
    return { polls: [] as PollFeedResult[], written: new Set<string>(), stats: {} as Record<string, ConsumerStats> };
  }

  // One pacer per process, shared by every delivery consumer: Telegram's per-chat and per-bot limits hold.
  const deliveryDeps: DeliverAlertDeps = {
    articles: stores.articles,
    subscribers: stores.subscribers,
    ledger: stores.ledger,
    digests: stores.digests,
    pacer: new MemorySendPacer(),
    mailer,
    telegram,
    webhooks,
    clock,
    config: deliverAlertConfig(config, { tokenSecret: deps.secrets.tokenSecret, webhookSecret: deps.secrets.webhookSecret }),
  };
  const deliveryQueues = { email: queues.email, telegram: queues.telegram, webhook: queues.webhook };

  const typed = <T>(c: Consumer<T>) => ({ ...c, log }) as unknown as Consumer<unknown>;
  const consumers: Consumer<unknown>[] = [
    typed<PollRequested>({
      queue: queues.poll,
      handle: async (body) => {
        const feed = config.feeds.find((f) => f.id === body.feedId);
        if (!feed) return { kind: 'park', reason: `unknown feed ${body.feedId}` };
        const result = await pollFeed(
          { fetcher: deps.fetcher, feedStates: stores.feedStates, articles: stores.articles, matches: stores.matches, fanOut: queues.fanOut, topics: deps.topics, clock, config: config.polling },
          { feed, onlyIfDue: !body.force },
        );
        cycle.polls.push(result);
        if (result.error) log(`feed ${feed.id}: ${result.error}`);
        return { kind: 'done', detail: result.status };
      },
    }),
    typed<ArticleMatchesHandedOn>({
      queue: queues.fanOut,
      handle: (body) =>
        fanOut(
          { articles: stores.articles, subscribers: stores.subscribers, activity: stores.activity, queues: { ...deliveryQueues, publish: queues.publish }, clock, config: { storm: config.delivery.storm, telegramPerSecond: config.delivery.telegram.perBotPerSecond } },
          body,
        ),
    }),
    typed<DeliveryRequested>({ queue: queues.email, handle: (body, meta) => deliverAlert(deliveryDeps, body, meta) }),
    typed<DeliveryRequested>({ queue: queues.telegram, handle: (body, meta) => deliverAlert(deliveryDeps, body, meta) }),
    typed<DeliveryRequested>({ queue: queues.webhook, handle: (body, meta) => deliverAlert(deliveryDeps, body, meta) }),
  ];

  const hubUrl = config.syndication?.hubUrl;
  const publishDeps = {
    articles: stores.articles,
    matches: stores.matches,
    publisher: deps.publisher,
    config: {
      baseUrl: config.publicBaseUrl,
      itemsPerFeed: config.syndication?.itemsPerFeed ?? 50,
      topics: config.topics,
      // Locally only inline partner tokens work (no Secrets Manager).
      partners: (config.partners ?? []).flatMap((p) => (p.token ? [{ id: p.id, token: p.token, topics: p.topics, ...(p.revoked ? { revoked: true } : {}) }] : [])),
      ...(hubUrl ? { hubUrl } : {}),
    },
    ...(hubUrl ? { websub: new WebSubPinger(hubUrl) } : {}),
  };

  /** publish-feeds takes the whole visible batch at once and rebuilds each topic once (debounce). */
  async function publishBatch(stats: ConsumerStats) {
    const messages = await queues.publish.receive(100, 60);
    if (messages.length === 0) return 0;
    const topicIds = [...new Set(messages.map((m) => m.body.topicId))];
    const { written } = await publishTopicFeeds(publishDeps, { topicIds });
    for (const key of written) cycle.written.add(key);
    for (const m of messages) await queues.publish.delete(m.id);
    stats.processed += messages.length;
    return messages.length;
  }

  async function consumeAll(): Promise<number> {
    let received = 0;
    for (const consumer of consumers) received += await consumeBatch(consumer, (cycle.stats[consumer.queue.name] ??= emptyStats()));
    received += await publishBatch((cycle.stats[queues.publish.name] ??= emptyStats()));
    return received;
  }

  /**
   * Consumes until nothing is left. Messages delayed by a retry or by pacing (Telegram's per-chat rate) are
   * waited for, up to `waitSeconds`; what is still delayed after that stays queued for the next run.
   */
  async function drain(waitSeconds = 120) {
    const deadline = Date.now() + waitSeconds * 1000;
    for (let round = 0; round < 100_000; round++) {
      if ((await consumeAll()) > 0) continue;
      const delayed = await Promise.all(Object.values(queues).map((q) => q.depth()));
      if (delayed.every((d) => d.inFlight === 0) || Date.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('local queues did not drain');
  }

  /** One full cycle: poll every enabled feed now, then run every queue until nothing is visible. */
  async function runCycle(): Promise<CycleSummary> {
    cycle = newCycle();
    const due = config.feeds.filter((f) => f.enabled !== false);
    await queues.poll.send(due.map((f) => ({ feedId: f.id, force: true })));
    await drain();
    await sweepOutbox({ matches: stores.matches, fanOut: queues.fanOut, clock });
    await sendDigests({ digests: stores.digests, queues: deliveryQueues, clock });
    await drain();
    return summarise();
  }

  function summarise(): CycleSummary {
    const matches: Record<string, number> = {};
    for (const poll of cycle.polls) for (const [topic, n] of Object.entries(poll.matches)) matches[topic] = (matches[topic] ?? 0) + n;
    const sent = (queue: string) => cycle.stats[queue]?.done['sent'] ?? 0;
    return {
      feedsPolled: cycle.polls.length,
      newArticles: cycle.polls.reduce((n, p) => n + p.newArticles, 0),
      matches,
      emailsSent: sent('email'),
      telegramSent: sent('telegram'),
      webhooksSent: sent('webhook'),
      feedsWritten: [...cycle.written].sort(),
      outbox: ctx.outboxDir,
      feedErrors: cycle.polls.filter((p) => p.error).map((p) => ({ feedId: p.feedId, error: p.error! })),
      parked: Object.values(cycle.stats).reduce((n, s) => n + s.parked, 0),
    };
  }

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** The scheduler loop of `npm start`: dispatch due polls and sweep the outbox every tick, consume queues continuously. */
  function start(options: { tickSeconds?: number } = {}) {
    const tick = (options.tickSeconds ?? 15) * 1000;
    let lastSchedule = 0;
    const loop = async () => {
      if (stopped) return;
      try {
        if (clock.now().getTime() - lastSchedule >= tick) {
          lastSchedule = clock.now().getTime();
          const dispatched = await dispatchPolls({ feeds: config.feeds, feedStates: stores.feedStates, pollQueue: queues.poll, clock });
          if (dispatched.length > 0) log(`scheduler: polling ${dispatched.join(', ')}`);
          await sweepOutbox({ matches: stores.matches, fanOut: queues.fanOut, clock });
          await sendDigests({ digests: stores.digests, queues: deliveryQueues, clock });
        }
        const before = cycle.polls.length;
        while ((await consumeAll()) > 0 && !stopped);
        const polled = cycle.polls.slice(before);
        const fresh = polled.reduce((n, p) => n + p.newArticles, 0);
        if (fresh > 0) log(`poll: ${fresh} new article(s) from ${polled.length} feed(s)`);
      } catch (error) {
        log(`scheduler: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!stopped) timer = setTimeout(loop, 500);
    };
    void loop();
  }

  function stop() {
    stopped = true;
    if (timer) clearTimeout(timer);
  }

  return { runCycle, start, stop };
}
