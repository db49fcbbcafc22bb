/**
 * Budget: "new article → email and Telegram in local mode ≤ 2 s after the poll that sees it".
 *
 * The local system as `npm start` runs it (infra/local/system.ts: dynalite in memory, aws-ses-v2-local, the Telegram
 * stand-in, durable file queues) with its continuous loop (pipeline.start(): a scheduler tick dispatches due polls,
 * the queues are consumed continuously), the repository's topics and admin subscribers (one email, one Telegram), and
 * one loopback feed. One cycle settles it (the feed's current items are stored). Then, per sample: a new article
 * matching a topic is added to the feed, the clock the system runs on is moved forward to the feed's next poll
 * (so the loop's next tick polls it, as it would after waiting its interval), and the time is taken from the start of
 * the conditional GET that returns the article (the poll that sees it) to (a) the email showing in the local SES
 * store (GET <ses>/store, checked every 10 ms) and (b) the message showing in the Telegram stand-in (its own
 * timestamp). Waiting for the feed to fall due is not part of the budget, and not measured.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { GuardedHttpFetcher } from '../shared/adapters/http/guarded-fetcher.js';
import type { FeedFetcher, FetchRequest, FetchResult } from '../shared/ports/feed-fetcher.js';
import { subscribers } from '../infra/config/subscribers.js';
import { topics } from '../infra/config/topics.js';
import { startLocalSystem } from '../infra/local/system.js';
import { startFeedServer } from '../test/support/feed-server.js';
import type { BenchFigures, BenchOptions } from './run.js';

const BUDGET_MS = 2000;
const FEED_PATH = '/latency-wire.xml';

interface Item {
  guid: string;
  title: string;
  at: number;
}

function rss(items: Item[]): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>${i.title}</title><link>https://latency.example/${i.guid}</link><guid isPermaLink="false">${i.guid}</guid>` +
        `<pubDate>${new Date(i.at).toUTCString()}</pubDate><description>${i.title}. Officials met on Monday to discuss the agenda for the coming year.</description></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Latency Wire</title><link>https://latency.example/</link><description>Bench feed</description>${entries}</channel></rss>`;
}

/** The system's fetcher, noting when each GET that returned a given guid started. */
class TimingFetcher implements FeedFetcher {
  readonly seen = new Map<string, number>();
  private readonly inner = new GuardedHttpFetcher({ allowLoopback: true, timeoutMs: 20_000 });
  constructor(private readonly watch: () => string | undefined) {}
  async fetch(request: FetchRequest): Promise<FetchResult> {
    const started = Date.now();
    const result = await this.inner.fetch(request);
    const guid = this.watch();
    if (guid && result.status === 'ok' && !this.seen.has(guid) && Buffer.from(result.body).includes(guid)) this.seen.set(guid, started);
    return result;
  }
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function latencyBench(opts: BenchOptions): Promise<BenchFigures> {
  const samples = opts.quick ? 3 : 10;
  const loadBefore = loadavg();
  const items: Item[] = Array.from({ length: 10 }, (_, k) => ({ guid: `calm-${k}`, title: `Harvest festival opens in the valley, day ${k}`, at: Date.now() - (k + 1) * 3_600_000 }));
  const feed = await startFeedServer({ [FEED_PATH]: { body: rss(items) } });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-latency-'));
  let offsetMs = 0;
  let watching: string | undefined;
  const fetcher = new TimingFetcher(() => watching);
  const system = await startLocalSystem({
    dataDir,
    inMemoryDb: true,
    port: 0,
    clock: { now: () => new Date(Date.now() + offsetMs) },
    fetcher,
    config: (urls) => ({
      stage: 'local',
      publicBaseUrl: urls.publicBaseUrl,
      email: { from: 'alerts@newshound.local' },
      feeds: [{ id: 'latency-wire', url: `${feed.url}${FEED_PATH}`, title: 'Latency Wire' }],
      topics,
      subscribers,
    }),
  });
  const emailTo = subscribers.find((s) => s.channels.includes('email'))?.email;
  const chat = subscribers.find((s) => s.channels.includes('telegram'))?.telegramChatId;
  if (!emailTo || !chat) throw new Error('latency bench: infra/config/subscribers.ts needs an email and a Telegram subscriber');
  const { context, pipeline, telegram } = system;
  const results: { emailMs: number; telegramMs: number }[] = [];
  try {
    // Settle: store the feed's current items, as the first cycle of `npm start` does.
    await pipeline.runCycle();
    pipeline.start();

    for (let n = 0; n < samples; n++) {
      const guid = `csto-latency-${n}-${Date.now()}`;
      items.unshift({ guid, title: `CSTO leaders meet in Minsk, session ${n}`, at: Date.now() });
      feed.files[FEED_PATH] = { body: rss(items) };
      watching = guid;
      // Move the system's clock to the feed's next poll: the loop's next tick polls it.
      const state = await context.stores.feedStates.get('latency-wire');
      const due = state?.nextPollAt ? Date.parse(state.nextPollAt) : Date.now() + offsetMs;
      offsetMs += Math.max(0, due - (Date.now() + offsetMs)) + 60_000;

      const deadline = Date.now() + 30_000;
      let emailAt: number | undefined;
      let telegramAt: number | undefined;
      while ((emailAt === undefined || telegramAt === undefined) && Date.now() < deadline) {
        if (telegramAt === undefined) telegramAt = telegram.sent().find((m) => m.chatId === chat && m.text.includes(`session ${n}`))?.at;
        if (emailAt === undefined && fetcher.seen.has(guid)) {
          const store = (await (await fetch(`${context.urls.ses}/store`)).json()) as { emails: { subject: string; destination: { to: string[] } }[] };
          if (store.emails.some((e) => e.subject.includes(`session ${n}`) && e.destination.to.includes(emailTo))) emailAt = Date.now();
        }
        await sleep(10);
      }
      const polledAt = fetcher.seen.get(guid);
      if (polledAt === undefined || emailAt === undefined || telegramAt === undefined) {
        throw new Error(`latency bench: sample ${n} incomplete after 30 s (polled ${polledAt !== undefined}, email ${emailAt !== undefined}, telegram ${telegramAt !== undefined})`);
      }
      results.push({ emailMs: emailAt - polledAt, telegramMs: telegramAt - polledAt });
      // Telegram's per-chat limit is one message a second (the stand-in enforces it in real time).
      await sleep(1100);
    }
  } finally {
    await system.close();
    await feed.close();
    await rm(dataDir, { recursive: true, force: true });
  }

  const email = results.map((r) => r.emailMs);
  const tg = results.map((r) => r.telegramMs);
  const loadAfter = loadavg();
  const figures = {
    samples,
    emailP50Ms: percentile(email, 50),
    emailMaxMs: Math.max(...email),
    telegramP50Ms: percentile(tg, 50),
    telegramMaxMs: Math.max(...tg),
    budgetMs: BUDGET_MS,
    withinBudget: Math.max(...email, ...tg) <= BUDGET_MS,
    emailMs: email,
    telegramMs: tg,
    loadAverage: { before: loadBefore.map((x) => Number(x.toFixed(2))), after: loadAfter.map((x) => Number(x.toFixed(2))) },
  };
  opts.log(`${samples} new matching articles, each timed from the start of the GET that returned it (continuous loop of \`npm start\`, tick 15 s, queues consumed every 0.5 s when idle)`);
  opts.log(`email (in local SES, checked every 10 ms): p50 ${figures.emailP50Ms} ms, max ${figures.emailMaxMs} ms  [${email.join(', ')}]`);
  opts.log(`Telegram (at the stand-in): p50 ${figures.telegramP50Ms} ms, max ${figures.telegramMaxMs} ms  [${tg.join(', ')}]`);
  opts.log(`budget ≤ ${BUDGET_MS} ms after the poll that sees it: ${figures.withinBudget ? 'met' : 'NOT met'}; load average ${figures.loadAverage.before.join('/')} before, ${figures.loadAverage.after.join('/')} after (2 cores, shared)`);
  return figures;
}
