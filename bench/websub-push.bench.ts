/**
 * Push → alert on the local topology, as `npm start` runs it: the sample feed world-wire announces the local WebSub
 * hub stand-in; after one forced poll (which finds the hub) and one run of websub-subscribe (the hub verifies the
 * callback), each sample publishes a CSTO article to the sample feed and pings the hub, and the time is taken from
 * the ping to the alert email showing in the local SES store (checked every 10 ms): hub fetch and push, the
 * websub-callback function (signature, inbox, poll queue), poll-feed's ingest, fan-out and send-email. No poll is
 * involved. The first sample starts the callback's container: it is reported apart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { sampleFeeds } from '../infra/config/feeds.js';
import { topics } from '../infra/config/topics.js';
import { publishSample } from '../infra/local/routes/publish-route.js';
import { startLocalSystem } from '../infra/local/system.js';
import type { BenchFigures, BenchOptions } from './run.js';
import { percentile } from './support/stats.js';

const SAMPLE_TIMEOUT_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function websubPushBench(opts: BenchOptions): Promise<BenchFigures> {
  const samples = opts.quick ? 3 : 8;
  const loadBefore = loadavg();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-websub-bench-'));
  const system = await startLocalSystem({
    dataDir,
    inMemory: true,
    port: 0,
    config: (urls) => ({
      stage: 'local',
      publicBaseUrl: urls.publicBaseUrl,
      email: { from: 'alerts@newshound.local' },
      feeds: sampleFeeds(urls.samplesBaseUrl).filter((f) => f.id === 'world-wire'),
      topics,
      subscribers: [{ id: 'desk', email: 'desk@example.org', topics: ['csto'], channels: ['email'] }],
      delivery: { telegram: { apiBase: urls.telegramApiBase } },
      allowLoopback: true,
    }),
  });
  const ses = system.context.urls.ses;
  const subjects = async () => ((await (await fetch(`${ses}/store`)).json()) as { emails: { subject: string }[] }).emails.map((e) => e.subject);
  try {
    system.cloud.lambda.start({ schedules: false });
    await system.cloud.lambda.invoke('dispatch-polls', { force: true });
    await system.cloud.lambda.drain();
    await system.cloud.lambda.invoke('websub-subscribe', { scheduledTime: new Date().toISOString() });
    await system.context.hub.settled();
    const sub = await system.context.stores.pushSubscriptions.get('world-wire');
    if (sub?.status !== 'verified') throw new Error(`the subscription was not verified: ${JSON.stringify(sub)}`);
    const times: number[] = [];
    for (let k = 0; k <= samples; k++) {
      const title = `CSTO push bench article ${k} ${Date.now()}`;
      const started = performance.now();
      await publishSample(system.context, 'world-wire', title);
      while (!(await subjects()).some((s) => s.includes(title))) {
        if (performance.now() - started > SAMPLE_TIMEOUT_MS) throw new Error(`no alert for "${title}" within ${SAMPLE_TIMEOUT_MS} ms`);
        await sleep(10);
      }
      times.push(performance.now() - started);
      opts.log(`  push ${k}${k === 0 ? ' (cold)' : ''}: ${Math.round(times.at(-1)!)} ms`);
    }
    const warm = times.slice(1);
    const figures = { coldMs: Math.round(times[0]!), p50Ms: Math.round(percentile(warm, 50)), maxMs: Math.round(Math.max(...warm)), samples: warm.length, loadBefore: loadBefore.map((l) => l.toFixed(2)).join(' ') };
    opts.log(`  push → alert email: p50 ${figures.p50Ms} ms, max ${figures.maxMs} ms over ${figures.samples} warm pushes (cold ${figures.coldMs} ms); load ${figures.loadBefore}`);
    return figures;
  } finally {
    await system.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
