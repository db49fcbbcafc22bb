/**
 * One client floods the subscribe form (GET /subscribe, then POST /subscribe); does everyone else still get through?
 * The local system as `npm start` runs it (in memory), its HTTP API throttling each route as the stage's route settings
 * say. For each flood's length, 32 connections send requests back to back, while a second client sends one-click
 * unsubscribes (POST /unsubscribe) and Telegram updates (POST /telegram/webhook) at a steady 10 per second each; the
 * same client alone, for as long, before the floods (after a warm-up), is the baseline (the machine's own load shows
 * in it). Reported per route: requests, how many the throttle refused (API Gateway's JSON 429), how many reached the
 * function, and answer times. The other client's links and updates are not real (a forged token, no webhook secret):
 * what is measured is whether a request reaches the function, not what the function then does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { topics } from '../infra/config/topics.js';
import { startLocalSystem } from '../infra/local/system.js';
import type { BenchFigures, BenchOptions } from './run.js';
import { percentile } from './support/stats.js';

const FLOOD_CONNECTIONS = 32;
const OTHERS_PER_SECOND = 10;

interface Tally {
  sent: number;
  throttled: number;
  reachedFunction: number;
  ms: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function send(tally: Tally, url: string, init: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> } = {}): Promise<void> {
  const started = performance.now();
  tally.sent++;
  const method = init.method ?? 'POST';
  const res = await fetch(url, method === 'GET' ? {} : { method, headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers }, body: init.body ?? '' });
  const text = await res.text();
  tally.ms.push(performance.now() - started);
  // The gateway's throttle answers before any function runs, with its own JSON body; a function's 429 is its page.
  if (res.status === 429 && text === '{"message":"Too Many Requests"}') tally.throttled++;
  else tally.reachedFunction++;
}

export default async function routeFloodBench(opts: BenchOptions): Promise<BenchFigures> {
  const seconds = opts.quick ? 5 : 15;
  const loadBefore = loadavg();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-bench-flood-'));
  const system = await startLocalSystem({
    dataDir,
    inMemory: true,
    port: 0,
    config: (urls) => ({ stage: 'local', publicBaseUrl: urls.publicBaseUrl, email: { from: 'alerts@newshound.local' }, feeds: [], topics, subscribers: [], delivery: { telegram: { apiBase: urls.telegramApiBase } } }),
  });
  const tally = (): Tally => ({ sent: 0, throttled: 0, reachedFunction: 0, ms: [] });
  const others = () => ({ unsubscribe: tally(), telegram: tally() });
  const phases = { alone: others(), getFlood: { flood: tally(), ...others() }, postFlood: { flood: tally(), ...others() } };
  const base = system.context.urls.app;
  /** The other client: one-click unsubscribes and Telegram updates at a steady rate until `until`. */
  const otherClient = async (t: { unsubscribe: Tally; telegram: Tally }, until: number) => {
    const pending: Promise<void>[] = [];
    for (let i = 0; performance.now() < until; i++) {
      pending.push(send(t.unsubscribe, `${base}/unsubscribe?token=not-a-real-link-${i}`, { body: 'List-Unsubscribe=One-Click' }));
      pending.push(send(t.telegram, `${base}/telegram/webhook`, { body: '{}', headers: { 'content-type': 'application/json' } }));
      await sleep(1000 / OTHERS_PER_SECOND);
    }
    await Promise.all(pending);
  };
  let n = 0;
  const flood = async (t: Tally, method: 'GET' | 'POST', until: number) => {
    await Promise.all(
      Array.from({ length: FLOOD_CONNECTIONS }, async () => {
        while (performance.now() < until) {
          const form = new URLSearchParams({ email: `flood-${n++}@example.org`, topics: topics[0]!.id, delivery: 'instant', timeZone: 'UTC' });
          await send(t, `${base}/subscribe`, { method, body: form.toString() });
        }
      }),
    );
  };
  try {
    // Warm: the functions' first invocations (cold starts) are not what is measured.
    await otherClient(others(), performance.now() + 2000);
    await otherClient(phases.alone, performance.now() + seconds * 1000);
    for (const [phase, method] of [[phases.getFlood, 'GET'], [phases.postFlood, 'POST']] as const) {
      const until = performance.now() + seconds * 1000;
      await Promise.all([flood(phase.flood, method, until), otherClient(phase, until)]);
    }
  } finally {
    await system.close();
    await rm(dataDir, { recursive: true, force: true });
  }

  const figures = (t: Tally) => ({
    sent: t.sent,
    perSecond: Math.round((t.sent / seconds) * 10) / 10,
    throttled: t.throttled,
    reachedFunction: t.reachedFunction,
    reachedFunctionPerSecond: Math.round((t.reachedFunction / seconds) * 10) / 10,
    p50Ms: Math.round(percentile(t.ms, 50)),
    p95Ms: Math.round(percentile(t.ms, 95)),
  });
  const result = {
    seconds,
    floodConnections: FLOOD_CONNECTIONS,
    alone: { oneClickUnsubscribe: figures(phases.alone.unsubscribe), telegramWebhook: figures(phases.alone.telegram) },
    getSubscribeFlood: { flood: figures(phases.getFlood.flood), oneClickUnsubscribe: figures(phases.getFlood.unsubscribe), telegramWebhook: figures(phases.getFlood.telegram) },
    postSubscribeFlood: { flood: figures(phases.postFlood.flood), oneClickUnsubscribe: figures(phases.postFlood.unsubscribe), telegramWebhook: figures(phases.postFlood.telegram) },
    loadBefore: loadBefore.map((l) => Math.round(l * 10) / 10),
    loadAfter: loadavg().map((l) => Math.round(l * 10) / 10),
  };
  const rows = [
    ['alone: POST /unsubscribe', result.alone.oneClickUnsubscribe],
    ['alone: POST /telegram/webhook', result.alone.telegramWebhook],
    ['GET /subscribe flood', result.getSubscribeFlood.flood],
    ['  meanwhile POST /unsubscribe', result.getSubscribeFlood.oneClickUnsubscribe],
    ['  meanwhile POST /telegram/webhook', result.getSubscribeFlood.telegramWebhook],
    ['POST /subscribe flood', result.postSubscribeFlood.flood],
    ['  meanwhile POST /unsubscribe', result.postSubscribeFlood.oneClickUnsubscribe],
    ['  meanwhile POST /telegram/webhook', result.postSubscribeFlood.telegramWebhook],
  ] as const;
  for (const [name, f] of rows) {
    opts.log(`${name.padEnd(35)} ${String(f.sent).padStart(6)} sent (${f.perSecond}/s), ${String(f.throttled).padStart(6)} throttled, ${String(f.reachedFunction).padStart(5)} reached the function (${f.reachedFunctionPerSecond}/s); p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms`);
  }
  opts.log(`${seconds} s each, ${FLOOD_CONNECTIONS} flood connections, load ${result.loadBefore.join(' ')} → ${result.loadAfter.join(' ')}`);
  return result;
}
