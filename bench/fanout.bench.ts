/**
 * Fan-out of one article to 10,000 subscribers (quick: 500) in local mode, email and Telegram:
 * fan-out → queues → deliver-alert consumers → the Telegram stand-in (enforcing its per-chat and per-bot limits over
 * loopback) and aws-ses-v2-local (in a child process). Reports wall time, Telegram messages/s against the stand-in's
 * configured bot rate, 429s received, and email throughput. Budget: ≥ 90 % of the bot rate, zero 429s.
 *
 * The bot rate defaults to 250/s (quick: 100/s) so a run takes under a minute; Telegram's own default is ~30/s
 * (NEWSHOUND_BENCH_BOT_RATE=30 measures exactly that, in about 6 minutes for 10,000 subscribers).
 */
import { SESClient } from '@aws-sdk/client-ses';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BenchFigures, BenchOptions } from './run.js';
import { startTelegramStandIn } from '../infra/local/telegram-stand-in.js';
import { SesMailer } from '../shared/adapters/ses/ses-mailer.js';
import { TelegramBotClient } from '../shared/adapters/telegram/telegram-bot-client.js';
import { MemorySendPacer } from '../shared/adapters/memory/memory-send-pacer.js';
import type { DeliveryRequested, PublishRequested } from '../shared/domain/messages.js';
import type { Subscriber } from '../shared/domain/subscriber.js';
import { systemClock } from '../shared/runtime/system-clock.js';
import type { Queue } from '../shared/ports/queue.js';
import type { DeliveryKey, DeliveryLedger, SubscriberStore } from '../shared/ports/stores.js';
import type { ConsumerOutcome } from '../shared/usecases/consumer-outcome.js';
import { deliverAlert, type DeliverAlertDeps } from '../shared/usecases/deliver-alert.js';
import { fanOut } from '../shared/usecases/fan-out.js';

/** A delay queue on a binary heap: the local runner's job, without the O(n) scans of a test double. */
class HeapQueue<T> implements Queue<T> {
  private heap: { at: number; seq: number; body: T; receives: number }[] = [];
  private seq = 0;
  constructor(readonly name: string) {}
  get size() {
    return this.heap.length;
  }
  async send(bodies: T[], options: { delaySeconds?: number } = {}): Promise<void> {
    const at = Date.now() + (options.delaySeconds ?? 0) * 1000;
    for (const body of bodies) this.push({ at, seq: ++this.seq, body, receives: 0 });
  }
  push(item: { at: number; seq: number; body: T; receives: number }) {
    const h = this.heap;
    h.push(item);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (this.less(h[i]!, h[p]!)) {
        [h[i], h[p]] = [h[p]!, h[i]!];
        i = p;
      } else break;
    }
  }
  peekAt(): number | undefined {
    return this.heap[0]?.at;
  }
  pop() {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
  private less(a: { at: number; seq: number }, b: { at: number; seq: number }) {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

class MapLedger implements DeliveryLedger {
  private readonly entries = new Map<string, { sent: boolean; until: number }>();
  private key = (k: DeliveryKey) => `${k.subscriberId}#${k.channel}#${k.articleId}`;
  async claim(k: DeliveryKey, now: Date, lease: number): Promise<'claimed' | 'sent' | 'busy'> {
    const e = this.entries.get(this.key(k));
    if (e?.sent) return 'sent';
    if (e && e.until > now.getTime()) return 'busy';
    this.entries.set(this.key(k), { sent: false, until: now.getTime() + lease * 1000 });
    return 'claimed';
  }
  async complete(k: DeliveryKey): Promise<void> {
    this.entries.set(this.key(k), { sent: true, until: 0 });
  }
  async release(k: DeliveryKey): Promise<void> {
    if (this.entries.get(this.key(k))?.sent === false) this.entries.delete(this.key(k));
  }
}

class IndexedSubscribers implements SubscriberStore {
  private readonly byId = new Map<string, Subscriber>();
  constructor(subs: Subscriber[]) {
    for (const s of subs) this.byId.set(s.id, s);
  }
  async get(id: string) {
    return this.byId.get(id);
  }
  async put(s: Subscriber) {
    this.byId.set(s.id, s);
  }
  async listByTopic(topicId: string) {
    return [...this.byId.values()].filter((s) => s.topics.includes(topicId));
  }
}

async function startSesChild(): Promise<{ url: string; child: ChildProcess }> {
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve('aws-ses-v2-local/package.json')), 'dist', 'cli.js');
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve(m[1]!.replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`aws-ses-v2-local exited with ${code}: ${out}`)));
  });
  return { url, child };
}

/** A local consumer: `workers` concurrent loops over a heap queue, waiting (not a Lambda: the runner may wait) for delayed messages. */
async function consume(queue: HeapQueue<DeliveryRequested>, workers: number, handle: (body: DeliveryRequested, receives: number) => Promise<ConsumerOutcome>) {
  const stats = { done: {} as Record<string, number>, retries: 0, parked: [] as string[], halted: '' };
  const loop = async () => {
    for (;;) {
      const at = queue.peekAt();
      if (at === undefined || stats.halted) return;
      const wait = at - Date.now();
      if (wait > 0) {
        await new Promise((r) => setTimeout(r, Math.min(wait, 50)));
        continue;
      }
      const item = queue.pop()!;
      item.receives++;
      const outcome = await handle(item.body, item.receives);
      if (outcome.kind === 'done') stats.done[outcome.detail] = (stats.done[outcome.detail] ?? 0) + 1;
      else if (outcome.kind === 'retry') {
        stats.retries++;
        queue.push({ ...item, at: Date.now() + outcome.delaySeconds * 1000 });
      } else if (outcome.kind === 'park') stats.parked.push(outcome.reason);
      else stats.halted = outcome.reason;
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
  return stats;
}

export default async function fanoutBench(opts: BenchOptions): Promise<BenchFigures> {
  const subscribers = opts.quick ? 500 : 10_000;
  const botRate = Number(process.env.NEWSHOUND_BENCH_BOT_RATE ?? (opts.quick ? 100 : 250));
  const token = 'bench:token';
  const standIn = await startTelegramStandIn({ botToken: token, rateLimits: { perChatPerSecond: 1, perBotPerSecond: botRate } });
  const ses = await startSesChild();
  try {
    const subs: Subscriber[] = Array.from({ length: subscribers }, (_, i) => ({
      id: `bench-${i}`,
      email: `reader${i}@example.org`,
      telegramChatId: String(100_000 + i),
      topics: ['csto'],
      channels: ['email', 'telegram'],
      mode: 'instant',
      timeZone: 'Europe/Berlin',
      status: 'active',
    }));
    const store = new IndexedSubscribers(subs);
    const article = { id: 'bench-article', feedId: 'bench', title: 'CSTO leaders meet in Minsk', link: 'https://example.org/csto', summary: 'Heads of state of the Collective Security Treaty Organization met in Minsk. '.repeat(4), sourceTitle: 'World Wire', firstSeen: new Date().toISOString(), published: new Date().toISOString() };
    const articles = { putIfAbsent: async () => true, get: async (id: string) => (id === article.id ? article : undefined), scan: async function* () {} };
    const queues = { email: new HeapQueue<DeliveryRequested>('email'), telegram: new HeapQueue<DeliveryRequested>('telegram'), webhook: new HeapQueue<DeliveryRequested>('webhook'), publish: new HeapQueue<PublishRequested>('publish') };

    const t0 = performance.now();
    const outcome = await fanOut({ articles, subscribers: store, queues, clock: systemClock }, { articleId: article.id, matches: [{ topicId: 'csto', terms: [{ term: 'CSTO', field: 'title', snippet: 'CSTO leaders meet' }] }] });
    const fanOutMs = performance.now() - t0;
    if (outcome.kind !== 'done') throw new Error(`fan-out: ${JSON.stringify(outcome)}`);

    const sesClient = new SESClient({ endpoint: ses.url, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    const deps: DeliverAlertDeps = {
      articles,
      subscribers: store,
      ledger: new MapLedger(),
      mailer: new SesMailer(sesClient),
      telegram: new TelegramBotClient({ botToken: token, apiBase: standIn.url }),
      webhooks: { post: async () => ({ httpStatus: 200 }) },
      clock: systemClock,
      pacer: new MemorySendPacer(),
      config: { stage: 'bench', publicBaseUrl: 'https://news.example', emailFrom: 'alerts@news.example', fromName: 'newshound', language: 'en', tokenSecret: 'bench-secret-0123456789', topics: [{ id: 'csto', name: 'CSTO' }], telegram: { perChatPerSecond: 1, perBotPerSecond: botRate } },
    };
    const handle = (body: DeliveryRequested, n: number) => deliverAlert(deps, body, { receiveCount: n });
    const tDeliver = performance.now();
    const emailStart = performance.now();
    let emailMs = 0;
    const [tg, em] = await Promise.all([
      consume(queues.telegram, 8, handle),
      // Two email workers: more only add event-loop lag here (SES local has no rate to fill) and slow both channels.
      consume(queues.email, 2, handle).then((s) => {
        emailMs = performance.now() - emailStart;
        return s;
      }),
    ]);
    const wallMs = performance.now() - t0;
    const deliverMs = performance.now() - tDeliver;

    const sent = standIn.sent();
    const first = sent[0]?.at ?? 0;
    const last = sent.at(-1)?.at ?? 0;
    const telegramPerSecond = sent.length > 1 ? ((sent.length - 1) / (last - first)) * 1000 : 0;
    const counts = standIn.counts();
    const emailsSent = em.done.sent ?? 0;
    const figures = {
      subscribers,
      fanOutMs: Math.round(fanOutMs),
      deliveriesQueued: subscribers * 2,
      wallSeconds: +(wallMs / 1000).toFixed(2),
      deliverSeconds: +(deliverMs / 1000).toFixed(2),
      telegramSent: tg.done.sent ?? 0,
      telegramPerSecond: +telegramPerSecond.toFixed(1),
      botRateLimit: botRate,
      shareOfBotRate: +(telegramPerSecond / botRate).toFixed(3),
      telegram429s: counts.rateLimited,
      telegramRejected: counts.badRequest + counts.forbidden + counts.other,
      telegramPacingRetries: tg.retries,
      emailsSent,
      emailsPerSecond: +((emailsSent / emailMs) * 1000).toFixed(1),
      parked: tg.parked.length + em.parked.length,
    };
    opts.log(`fan-out of 1 article to ${subscribers} subscribers (email + Telegram): queued ${figures.deliveriesQueued} deliveries in ${figures.fanOutMs} ms`);
    opts.log(`Telegram: ${figures.telegramSent} sent at ${figures.telegramPerSecond}/s = ${(figures.shareOfBotRate * 100).toFixed(1)} % of the stand-in's ${botRate}/s bot limit (budget ≥ 90 %), 429s: ${figures.telegram429s} (budget 0), pacing re-queues: ${figures.telegramPacingRetries}`);
    opts.log(`email: ${emailsSent} sent through aws-ses-v2-local at ${figures.emailsPerSecond}/s; wall time ${figures.wallSeconds} s; parked ${figures.parked}`);
    return figures;
  } finally {
    await standIn.close();
    ses.child.kill('SIGTERM');
  }
}
