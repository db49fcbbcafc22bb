/**
 * Fan-out of one matched article to 10,000 subscribers (quick: 1,000) on the local topology: the fan-out function's
 * own bundle behind its SQS event source (the template's batch size and maximum concurrency), the subscribers seeded
 * in the table through the DynamoDB adapter (half email, half Telegram, all following one topic), every AWS call
 * through the local gateway. The senders' and publish-feeds' event sources are stopped, so what is timed is fan-out's
 * own work: from the ArticleMatchesHandedOn message entering the fan-out queue until every delivery is queued and
 * the fan-out queue is empty (continuation messages included). Reported beside it: fan-out's invocations, the
 * longest one, and its timeout (shared/topology/functions.ts). NEWSHOUND_BENCH_SUBSCRIBERS=<n> measures another size
 * (seeding takes about 5 ms a subscriber).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { topics } from '../infra/config/topics.js';
import { FunctionContainers, type InvokeResult } from '../infra/local/aws/lambda-containers.js';
import { startLocalSystem } from '../infra/local/system.js';
import type { ArticleMatchesHandedOn } from '../shared/domain/messages.js';
import type { Subscriber } from '../shared/domain/subscriber.js';
import { entryOf, pascalCase } from '../shared/topology/functions.js';
import type { BenchFigures, BenchOptions } from './run.js';

const TOPIC = 'csto';
const ARTICLE_ID = 'fanout-bench-article';
const SEED_CONCURRENCY = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every invocation the local Lambda service runs, by physical function name (a bench-only tap). */
function tapInvocations(): { of: (fn: string) => InvokeResult[]; restore: () => void } {
  const seen = new Map<string, InvokeResult[]>();
  const proto = FunctionContainers.prototype as unknown as { invoke: (event: unknown) => Promise<InvokeResult> };
  const original = proto.invoke;
  proto.invoke = async function (this: { spec: { functionName: string } }, event: unknown) {
    const result = await original.call(this, event);
    const list = seen.get(this.spec.functionName) ?? [];
    list.push(result);
    seen.set(this.spec.functionName, list);
    return result;
  };
  return { of: (fn) => [...seen.entries()].filter(([name]) => name.includes(fn)).flatMap(([, r]) => r), restore: () => void (proto.invoke = original) };
}

export default async function fanoutLocalBench(opts: BenchOptions): Promise<BenchFigures> {
  const subscribers = Number(process.env.NEWSHOUND_BENCH_SUBSCRIBERS ?? '') || (opts.quick ? 1000 : 10_000);
  const loadBefore = loadavg();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-fanout-local-'));
  const tap = tapInvocations();
  const system = await startLocalSystem({
    dataDir,
    inMemory: true,
    port: 0,
    config: (urls) => ({
      stage: 'local',
      publicBaseUrl: urls.publicBaseUrl,
      email: { from: 'alerts@newshound.local' },
      feeds: [],
      topics,
      subscribers: [],
      delivery: { telegram: { apiBase: urls.telegramApiBase } },
      allowLoopback: true,
    }),
  });
  const { context, cloud } = system;
  try {
    // --- seed: subscribers through the adapter (their per-topic copies are what fan-out reads) -------------------
    const seedStart = performance.now();
    const people: Subscriber[] = Array.from({ length: subscribers }, (_, i) => ({
      id: `bench-${String(i).padStart(6, '0')}`,
      ...(i % 2 === 0 ? { email: `reader${i}@example.org`, channels: ['email' as const] } : { telegramChatId: String(500_000 + i), channels: ['telegram' as const] }),
      topics: [TOPIC],
      mode: 'instant' as const,
      timeZone: 'UTC',
      status: 'active' as const,
    }));
    for (let i = 0; i < people.length; i += SEED_CONCURRENCY) await Promise.all(people.slice(i, i + SEED_CONCURRENCY).map((s) => context.stores.subscribers.put(s)));
    const seedSeconds = (performance.now() - seedStart) / 1000;
    opts.log(`seeded ${subscribers} subscribers of topic ${TOPIC} in ${seedSeconds.toFixed(1)} s`);

    // --- only fan-out consumes; the deliveries stay in their queues, counted there -----------------------------------
    const fanOutArn = cloud.lambda.function('fan-out').arn;
    for (const mapping of cloud.deployment.eventSources) if (mapping.functionArn !== fanOutArn) mapping.enabled = false;
    cloud.lambda.start({ schedules: false });
    const queueOf = (name: string) => cloud.deployment.queues.find((q) => q.logicalId.startsWith(`${pascalCase(name)}Queue`) && !q.logicalId.includes('Dlq'))!;
    const depth = (name: string) => {
      const m = cloud.fauxqs.inspectQueue(queueOf(name).name)?.messages;
      return { ready: m?.ready.length ?? 0, inFlight: m?.inflight.length ?? 0, delayed: m?.delayed.length ?? 0 };
    };
    const queued = () => (['email', 'telegram'] as const).reduce((n, q) => n + depth(q).ready + depth(q).delayed + depth(q).inFlight, 0);
    const fanOut = queueOf('fan-out');
    const dlq = cloud.deployment.queues.find((q) => q.logicalId.startsWith('FanOutQueueDlq'));

    const message: ArticleMatchesHandedOn = { articleId: ARTICLE_ID, matches: [{ topicId: TOPIC, terms: [{ term: 'CSTO', field: 'title', snippet: 'CSTO leaders meet' }] }] };
    const started = performance.now();
    await cloud.clients.sqs.send(new SendMessageCommand({ QueueUrl: fanOut.url, MessageBody: JSON.stringify(message) }));
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const f = depth('fan-out');
      if (queued() >= subscribers && f.ready + f.inFlight + f.delayed === 0 && tap.of(pascalCase('fan-out')).length > 0) break;
      if (Date.now() > deadline) throw new Error(`fan-out bench: ${queued()} of ${subscribers} deliveries queued after 15 minutes`);
      await sleep(20);
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const invocations = tap.of(pascalCase('fan-out'));
    const failed = invocations.filter((r) => !r.ok).length;
    const longestMs = Math.max(...invocations.map((r) => r.durationMs));
    const timeoutSeconds = entryOf('fan-out').timeoutSeconds;
    const deadLetters = dlq ? (cloud.fauxqs.inspectQueue(dlq.name)?.messages.ready.length ?? 0) : 0;
    const loadAfter = loadavg();
    const figures = {
      subscribers,
      deliveriesQueued: queued(),
      wallSeconds: Number(wallSeconds.toFixed(2)),
      invocations: invocations.length,
      failedInvocations: failed,
      longestInvocationSeconds: Number((longestMs / 1000).toFixed(2)),
      timeoutSeconds,
      shareOfTimeout: Number((longestMs / 1000 / timeoutSeconds).toFixed(3)),
      deadLetters,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      loadAverage: { before: loadBefore.map((x) => Number(x.toFixed(2))), after: loadAfter.map((x) => Number(x.toFixed(2))) },
    };
    opts.log(
      `one article → ${subscribers} subscribers on the local topology: ${figures.deliveriesQueued} deliveries queued in ${figures.wallSeconds} s wall, ` +
        `${figures.invocations} fan-out invocation(s) (${failed} failed), longest ${figures.longestInvocationSeconds} s of its ${timeoutSeconds} s timeout (${(figures.shareOfTimeout * 100).toFixed(0)} %), ${deadLetters} dead letters`,
    );
    opts.log(`machine: load average ${figures.loadAverage.before.join('/')} before, ${figures.loadAverage.after.join('/')} after (2 cores, shared)`);
    return figures;
  } finally {
    tap.restore();
    await system.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
