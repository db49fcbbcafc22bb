/**
 * Seeded chaos over fan-out + delivery: consumers killed at every step (before/after claim, after the provider
 * accepted, after the ledger write, between queue sends), DynamoDB-style throttling on every store call, provider
 * throttling/429/5xx, duplicated fan-out and delivery messages, random processing order and concurrent duplicates.
 * Reports runs, alerts expected, delivered, lost and duplicated; asserts nothing is lost and the only duplicates come
 * from a kill between the provider accepting a message and the ledger recording it.
 */
import { describe, expect, it } from 'vitest';
import type { ArticleMatchesHandedOn, DeliveryRequested } from '../../../shared/domain/messages.js';
import type { Channel, Subscriber } from '../../../shared/domain/subscriber.js';
import { MemorySendPacer } from '../../../shared/adapters/memory/memory-send-pacer.js';
import { DeliveryError } from '../../../shared/ports/errors.js';
import type { Queue } from '../../../shared/ports/queue.js';
import type { DeliveryKey, DeliveryLedger } from '../../../shared/ports/stores.js';
import type { ConsumerOutcome } from '../../../shared/usecases/consumer-outcome.js';
import { deliverAlert, type DeliverAlertDeps } from '../../../shared/usecases/deliver-alert.js';
import { fanOut } from '../../../shared/usecases/fan-out.js';
import { anArticle } from '../../support/factories.js';
import type { MemoryQueue } from '../../support/memory-stores.js';
import { CONFIG, makeWorld } from './harness.js';
import { mulberry32 } from '../../support/seeded-random.js';


class Killed extends Error {
  constructor() {
    super('consumer killed');
  }
}

interface Rates {
  kill: number;
  throttle: number;
  provider: number;
  duplicate: number;
  concurrent: number;
}

interface RunReport {
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  allowedWindowKills: number;
  kills: number;
  throttles: number;
  providerFaults: number;
  parked: string[];
  duplicateKeysOutsideWindow: string[];
  lostKeys: string[];
}

const keyOf = (k: Pick<DeliveryKey, 'subscriberId' | 'channel' | 'articleId'>) => `${k.subscriberId}/${k.channel}/${k.articleId}`;

async function chaosRun(seed: number, rates: Rates): Promise<RunReport> {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const topicIds = ['csto', 'nagorno-karabakh'];
  const subs: Subscriber[] = Array.from({ length: 2 + Math.floor(r() * 6) }, (_, i) => {
    const channels = (['email', 'telegram', 'webhook'] as Channel[]).filter(() => r() < 0.6);
    return {
      id: `s${i}`,
      email: `s${i}@example.org`,
      telegramChatId: String(5000 + i),
      webhookUrl: `https://hooks.example/s${i}`,
      topics: topicIds.filter(() => r() < 0.7),
      channels: channels.length ? channels : ['email'],
      mode: 'instant',
      timeZone: 'UTC',
      status: r() < 0.9 ? 'active' : 'unsubscribed',
    };
  });
  const w = makeWorld(subs);
  const articles = Array.from({ length: 1 + Math.floor(r() * 4) }, () => anArticle());
  for (const a of articles) await w.articles.putIfAbsent(a);

  const report: RunReport = { expected: 0, delivered: 0, lost: 0, duplicated: 0, allowedWindowKills: 0, kills: 0, throttles: 0, providerFaults: 0, parked: [], duplicateKeysOutsideWindow: [], lostKeys: [] };
  const expected = new Set<string>();
  const handOns: ArticleMatchesHandedOn[] = articles.map((a) => ({ articleId: a.id, matches: topicIds.filter(() => r() < 0.7).map((topicId) => ({ topicId, terms: [] })) }));
  for (const h of handOns) {
    for (const s of subs) {
      if (s.status !== 'active' || !h.matches.some((m) => s.topics.includes(m.topicId))) continue;
      for (const c of new Set(s.channels)) expected.add(keyOf({ subscriberId: s.id, channel: c, articleId: h.articleId }));
    }
  }
  report.expected = expected.size;

  const sends = new Map<string, number>();
  const windowKeys = new Set<string>();
  const bySubscriberAddress = new Map<string, string>();
  for (const s of subs) for (const addr of [s.email!, s.telegramChatId!, s.webhookUrl!]) bySubscriberAddress.set(addr, s.id);
  const articleByTitle = new Map(articles.map((a) => [a.title, a.id]));

  /** Dependencies of one consumer invocation: once killed, everything it touches throws, like a dead process. */
  function invocation() {
    const ctx = { dead: false, sentKey: undefined as string | undefined };
    const alive = () => {
      if (ctx.dead) throw new Killed();
    };
    const maybeKill = () => {
      alive();
      if (r() < rates.kill) {
        ctx.dead = true;
        report.kills++;
        throw new Killed();
      }
    };
    const throttle = () => {
      if (r() < rates.throttle) {
        report.throttles++;
        throw Object.assign(new Error('ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput'), { name: 'ProvisionedThroughputExceededException' });
      }
    };
    const store = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(t, prop, receiver) {
          const v = Reflect.get(t, prop, receiver);
          if (typeof v !== 'function') return v;
          return async (...args: unknown[]) => {
            maybeKill();
            throttle();
            return (v as (...a: unknown[]) => unknown).apply(t, args);
          };
        },
      });
    const ledger: DeliveryLedger = {
      claim: async (k, now, lease) => {
        maybeKill();
        throttle();
        const res = await w.ledger.claim(k, now, lease);
        maybeKill(); // killed right after claiming: the lease must expire, not lose the alert
        return res;
      },
      complete: async (k, now, id) => {
        alive();
        if (ctx.sentKey === keyOf(k) && r() < rates.kill) {
          // Killed after the provider accepted, before the ledger write: the one allowed duplicate window.
          ctx.dead = true;
          report.kills++;
          report.allowedWindowKills++;
          windowKeys.add(keyOf(k));
          throw new Killed();
        }
        throttle();
        await w.ledger.complete(k, now, id);
        maybeKill(); // killed after the ledger write, before the queue delete
      },
      release: async (k) => {
        alive();
        throttle();
        await w.ledger.release(k);
      },
    };
    const providerFault = (kind: Channel): Error | undefined => {
      if (r() >= rates.provider) return undefined;
      report.providerFaults++;
      if (kind === 'telegram') return pick([new DeliveryError('Telegram 429', { kind: 'retry', delaySeconds: 3 }, 'telegram'), new DeliveryError('Telegram 502', { kind: 'retry', delaySeconds: 0 }, 'telegram'), new DeliveryError('timed out', { kind: 'retry', delaySeconds: 0 }, 'telegram')]);
      if (kind === 'email') return new DeliveryError('Throttling: Maximum sending rate exceeded.', { kind: 'retry', delaySeconds: 0 }, 'ses');
      return new DeliveryError('webhook answered HTTP 503', { kind: 'retry', delaySeconds: 0 }, 'webhook');
    };
    const record = (subscriberId: string | undefined, channel: Channel, articleId: string | undefined) => {
      const k = keyOf({ subscriberId: subscriberId ?? '?', channel, articleId: articleId ?? '?' });
      sends.set(k, (sends.get(k) ?? 0) + 1);
      ctx.sentKey = k;
    };
    const deps: DeliverAlertDeps = {
      articles: store(w.articles),
      subscribers: store(w.subscribers),
      ledger,
      pacer: new MemorySendPacer(),
      clock: w.clock,
      config: CONFIG,
      mailer: {
        send: async (email) => {
          maybeKill();
          const f = providerFault('email');
          if (f) throw f;
          record(bySubscriberAddress.get(email.to), 'email', email.headers?.['X-Newshound-Delivery']?.split('/')[2]);
          return { messageId: 'm' };
        },
      },
      telegram: {
        sendMessage: async (m) => {
          maybeKill();
          const f = providerFault('telegram');
          if (f) throw f;
          const title = [...articleByTitle.keys()].find((t) => m.text.includes(`<b>${t}</b>`));
          record(bySubscriberAddress.get(m.chat_id), 'telegram', title && articleByTitle.get(title));
          return { messageId: 1 };
        },
      },
      webhooks: {
        post: async (req) => {
          maybeKill();
          const f = providerFault('webhook');
          if (f) throw f;
          record(bySubscriberAddress.get(req.url), 'webhook', String(req.headers['X-Newshound-Delivery']).split('/')[2]);
          return { httpStatus: 200 };
        },
      },
    };
    const queue = <T>(q: Queue<T>): Queue<T> => ({
      name: q.name,
      send: async (bodies, o) => {
        maybeKill();
        throttle();
        const out = bodies.flatMap((b) => (r() < rates.duplicate ? [b, b] : [b]));
        await q.send(out, o);
      },
    });
    const fanOutDeps = {
      articles: store(w.articles),
      subscribers: store(w.subscribers),
      queues: { email: queue(w.queues.email), telegram: queue(w.queues.telegram), webhook: queue(w.queues.webhook), publish: queue(w.queues.publish) },
      clock: w.clock,
      activity: store(w.activity),
      config: { storm: { threshold: 1000, windowMinutes: 60 }, sendBatchSize: 2 },
    };
    return { deps, fanOutDeps, ctx };
  }

  for (const h of handOns) await w.queues.fanOut.send(r() < rates.duplicate ? [h, h] : [h]);

  type AnyQueue = MemoryQueue<unknown>;
  // A killed invocation's outcome never reaches the queue, whatever the use case returned after the kill.
  const run = async (work: (inv: ReturnType<typeof invocation>) => Promise<ConsumerOutcome>): Promise<ConsumerOutcome> => {
    const inv = invocation();
    const outcome = await work(inv);
    if (inv.ctx.dead) throw new Killed();
    return outcome;
  };
  const deliver = (b: unknown, n: number) => run((inv) => deliverAlert(inv.deps, b as DeliveryRequested, { receiveCount: n }));
  const consumers: [AnyQueue, (body: unknown, receiveCount: number) => Promise<ConsumerOutcome>][] = [
    [w.queues.fanOut as AnyQueue, (b) => run((inv) => fanOut(inv.fanOutDeps, b as ArticleMatchesHandedOn))],
    [w.queues.email as AnyQueue, deliver],
    [w.queues.telegram as AnyQueue, deliver],
    [w.queues.webhook as AnyQueue, deliver],
  ];
  const VISIBILITY_MS = 120_000;

  async function process(queue: AnyQueue, id: string, handle: (body: unknown, n: number) => Promise<ConsumerOutcome>) {
    const m = queue.messages.get(id)!;
    m.visibleAt = w.clock.now().getTime() + VISIBILITY_MS;
    m.receiveCount += 1;
    let outcome: ConsumerOutcome;
    try {
      outcome = await handle(structuredClone(m.body), m.receiveCount);
    } catch (err) {
      if (err instanceof Killed) return; // the message stays in flight until its visibility timeout
      throw err;
    }
    if (outcome.kind === 'done') await queue.delete(id);
    else if (outcome.kind === 'retry') await queue.retryLater(id, outcome.delaySeconds);
    else if (outcome.kind === 'park') {
      report.parked.push(`${queue.name}: ${outcome.reason}`);
      await queue.deadLetter(id, outcome.reason);
    } else throw new Error(`unexpected halt: ${outcome.reason}`);
  }

  for (let step = 0; step < 50_000; step++) {
    const visible = consumers.flatMap(([q, h]) => [...q.messages.entries()].filter(([, m]) => m.visibleAt <= w.clock.now().getTime()).map(([id]) => ({ q, h, id })));
    if (!visible.length) {
      const pending = consumers.flatMap(([q]) => [...q.messages.values()].map((m) => m.visibleAt));
      if (!pending.length) break;
      w.clock.set(Math.min(...pending));
      continue;
    }
    const first = pick(visible);
    if (visible.length > 1 && r() < rates.concurrent) {
      const second = pick(visible.filter((v) => v.id !== first.id || v.q !== first.q));
      await Promise.all([process(first.q, first.id, first.h), process(second.q, second.id, second.h)]);
    } else {
      await process(first.q, first.id, first.h);
    }
    for (const m of await w.queues.publish.receive(100, 60)) await w.queues.publish.delete(m.id);
  }

  for (const k of expected) {
    const n = sends.get(k) ?? 0;
    if (n === 0) report.lostKeys.push(k);
    else report.delivered++;
    if (n > 1) {
      report.duplicated += n - 1;
      if (!windowKeys.has(k)) report.duplicateKeysOutsideWindow.push(k);
    }
  }
  for (const k of sends.keys()) if (!expected.has(k)) report.duplicateKeysOutsideWindow.push(`unexpected ${k}`);
  report.lost = report.lostKeys.length;
  return report;
}

describe('chaos: fan-out and delivery under kills, throttling, duplicates and reordering', () => {
  it('loses nothing and duplicates only in the allowed window over many seeded runs', async () => {
    const RUNS = 250;
    const rates: Rates = { kill: 0.04, throttle: 0.04, provider: 0.08, duplicate: 0.25, concurrent: 0.3 };
    const totals = { runs: RUNS, alertsExpected: 0, delivered: 0, lost: 0, duplicated: 0, allowedWindowKills: 0, kills: 0, throttles: 0, providerFaults: 0, parked: 0 };
    const failures: string[] = [];
    for (let seed = 1; seed <= RUNS; seed++) {
      const rep = await chaosRun(seed, rates);
      totals.alertsExpected += rep.expected;
      totals.delivered += rep.delivered;
      totals.lost += rep.lost;
      totals.duplicated += rep.duplicated;
      totals.allowedWindowKills += rep.allowedWindowKills;
      totals.kills += rep.kills;
      totals.throttles += rep.throttles;
      totals.providerFaults += rep.providerFaults;
      totals.parked += rep.parked.length;
      if (rep.lost || rep.duplicateKeysOutsideWindow.length || rep.parked.length) failures.push(`seed ${seed}: lost ${rep.lostKeys.join(',')} dup-outside ${rep.duplicateKeysOutsideWindow.join(',')} parked ${rep.parked.join(' | ')}`);
    }
    console.log(`chaos: ${JSON.stringify(totals)}; duplicates per 1000 alerts: ${((totals.duplicated / totals.alertsExpected) * 1000).toFixed(2)}`);
    expect(failures).toEqual([]);
    expect(totals.lost).toBe(0);
    expect(totals.duplicated).toBeLessThanOrEqual(totals.allowedWindowKills);
    // The faults really happened (the test cannot pass vacuously).
    expect(totals.kills).toBeGreaterThan(100);
    expect(totals.throttles).toBeGreaterThan(100);
    expect(totals.alertsExpected).toBeGreaterThan(1000);
  });
});
