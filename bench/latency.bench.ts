/**
 * Budget: "new article → email and Telegram in local mode ≤ 2 s after the poll that sees it".
 *
 * The local system as `npm start` runs it (infra/local/system.ts: the fourteen function bundles on local AWS APIs,
 * everything in memory here), its event sources started but not its schedules, the repository's topics and admin
 * subscribers (one email, one Telegram), and one loopback feed. One cycle settles it (the feed's current items are
 * stored). Then, per sample: a new article matching a topic is added to the feed, dispatch-polls is invoked as an
 * admin's "poll now" for that feed ({"force": true, "feedIds": [...]}), and the time is taken from the moment the
 * feed server receives the GET it answers with the article (the poll that sees it) to (a) the email showing in the
 * local SES store (GET <ses>/store, checked every 10 ms) and (b) the message showing in the Telegram stand-in (its
 * own timestamp). The time from the invocation to that GET (dispatch, the poll queue) is reported beside it. The
 * first article starts fan-out and the senders (the settle cycle matched nothing): it is reported apart, as cold.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { subscribers } from '../infra/config/subscribers.js';
import { topics } from '../infra/config/topics.js';
import { runCycle } from '../infra/local/cycle.js';
import { startLocalSystem } from '../infra/local/system.js';
import type { BenchFigures, BenchOptions } from './run.js';
import { type FeedBodies, startFeedServer } from './support/feed-server.js';
import { percentile } from './support/stats.js';

const BUDGET_MS = 2000;
const FEED_ID = 'latency-wire';
const SAMPLE_TIMEOUT_MS = 30_000;

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function latencyBench(opts: BenchOptions): Promise<BenchFigures> {
  const samples = opts.quick ? 3 : 10;
  const loadBefore = loadavg();
  const items: Item[] = Array.from({ length: 10 }, (_, k) => ({ guid: `calm-${k}`, title: `Harvest festival opens in the valley, day ${k}`, at: Date.now() - (k + 1) * 3_600_000 }));
  const bodies: FeedBodies = new Map();
  const publish = (etag: string) => bodies.set(0, { body: Buffer.from(rss(items)), etag });
  publish('"calm"');
  /** When the feed server first answered each ETag with a 200: the start of the poll that saw that version. */
  const firstServed = new Map<string, number>();
  const feed = await startFeedServer(bodies, ({ status, etag }) => {
    if (status === 200 && etag && !firstServed.has(etag)) firstServed.set(etag, Date.now());
  });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-latency-'));
  const system = await startLocalSystem({
    dataDir,
    inMemory: true,
    port: 0,
    config: (urls) => ({
      stage: 'local',
      publicBaseUrl: urls.publicBaseUrl,
      email: { from: 'alerts@newshound.local' },
      feeds: [{ id: FEED_ID, url: `${feed.url}/feed/0`, title: 'Latency Wire' }],
      topics,
      subscribers,
      delivery: { telegram: { apiBase: urls.telegramApiBase } },
      allowLoopback: true,
    }),
  });
  const emailTo = subscribers.find((s) => s.channels.includes('email'))?.email;
  const chat = subscribers.find((s) => s.channels.includes('telegram'))?.telegramChatId;
  if (!emailTo || !chat) throw new Error('latency bench: infra/config/subscribers.ts needs an email and a Telegram subscriber');
  const { context, cloud, telegram } = system;
  const results: { dispatchToPollMs: number; emailMs: number; telegramMs: number }[] = [];
  try {
    // Settle: store the feed's current items (and warm the functions), as `npm start -- --once` does.
    await runCycle(system);
    cloud.lambda.start({ schedules: false });

    for (let n = 0; n <= samples; n++) {
      const version = `"csto-${n}-${Date.now()}"`;
      items.unshift({ guid: `csto-latency-${n}-${Date.now()}`, title: `CSTO leaders meet in Minsk, session ${n}`, at: Date.now() });
      publish(version);
      const invokedAt = Date.now();
      const invoked = cloud.lambda.invoke('dispatch-polls', { force: true, feedIds: [FEED_ID] });

      const deadline = Date.now() + SAMPLE_TIMEOUT_MS;
      let emailAt: number | undefined;
      let telegramAt: number | undefined;
      while ((emailAt === undefined || telegramAt === undefined) && Date.now() < deadline) {
        if (telegramAt === undefined) telegramAt = telegram.sent().find((m) => m.chatId === chat && m.text.includes(`session ${n}`))?.at;
        if (emailAt === undefined && firstServed.has(version)) {
          const store = (await (await fetch(`${context.urls.ses}/store`)).json()) as { emails: { subject: string; destination: { to: string[] } }[] };
          if (store.emails.some((e) => e.subject.includes(`session ${n}`) && e.destination.to.includes(emailTo))) emailAt = Date.now();
        }
        await sleep(10);
      }
      const result = await invoked;
      if (!result.ok) throw new Error(`latency bench: dispatch-polls failed: ${result.error.errorType}: ${result.error.errorMessage}`);
      const polledAt = firstServed.get(version);
      if (polledAt === undefined || emailAt === undefined || telegramAt === undefined) {
        throw new Error(`latency bench: sample ${n} incomplete after ${SAMPLE_TIMEOUT_MS / 1000} s (polled ${polledAt !== undefined}, email ${emailAt !== undefined}, telegram ${telegramAt !== undefined})`);
      }
      results.push({ dispatchToPollMs: polledAt - invokedAt, emailMs: emailAt - polledAt, telegramMs: telegramAt - polledAt });
      // Telegram's per-chat limit is one message a second (the stand-in enforces it in real time).
      await sleep(1100);
    }
  } finally {
    await system.close();
    await feed.close();
    await rm(dataDir, { recursive: true, force: true });
  }

  const [cold, ...warm] = results;
  const email = warm.map((r) => r.emailMs);
  const tg = warm.map((r) => r.telegramMs);
  const toPoll = warm.map((r) => r.dispatchToPollMs);
  const loadAfter = loadavg();
  const figures = {
    samples,
    emailP50Ms: percentile(email, 50),
    emailMaxMs: Math.max(...email),
    telegramP50Ms: percentile(tg, 50),
    telegramMaxMs: Math.max(...tg),
    dispatchToPollP50Ms: percentile(toPoll, 50),
    budgetMs: BUDGET_MS,
    withinBudget: Math.max(...email, ...tg, cold!.emailMs, cold!.telegramMs) <= BUDGET_MS,
    emailMs: email,
    telegramMs: tg,
    dispatchToPollMs: toPoll,
    cold: cold!,
    loadAverage: { before: loadBefore.map((x) => Number(x.toFixed(2))), after: loadAfter.map((x) => Number(x.toFixed(2))) },
  };
  opts.log(`${samples} new matching articles through the local system's function bundles, each polled on an admin's "poll now" and timed from the GET that returned it`);
  opts.log(`email (in local SES, checked every 10 ms): p50 ${figures.emailP50Ms} ms, max ${figures.emailMaxMs} ms  [${email.join(', ')}]`);
  opts.log(`Telegram (at the stand-in): p50 ${figures.telegramP50Ms} ms, max ${figures.telegramMaxMs} ms  [${tg.join(', ')}]`);
  opts.log(`before that, invocation → the poll's GET: p50 ${figures.dispatchToPollP50Ms} ms  [${toPoll.join(', ')}]`);
  opts.log(`cold (first article, fan-out and the senders start): email ${cold!.emailMs} ms, Telegram ${cold!.telegramMs} ms after the GET`);
  opts.log(`budget ≤ ${BUDGET_MS} ms after the poll that sees it: ${figures.withinBudget ? 'met' : 'NOT met'}; load average ${figures.loadAverage.before.join('/')} before, ${figures.loadAverage.after.join('/')} after (2 cores, shared)`);
  return figures;
}
