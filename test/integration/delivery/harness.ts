/**
 * A small world for delivery tests: memory stores and queues on a manual clock, recording senders with fault hooks,
 * and a runner that acts on ConsumerOutcomes the way the SQS consumer in Lambda does (advancing the clock to the
 * next visible message instead of sleeping).
 */
import type { ArticleMatchesHandedOn, DeliveryRequested, PublishRequested } from '../../../shared/domain/messages.js';
import type { Subscriber } from '../../../shared/domain/subscriber.js';
import { DeliveryError } from '../../../shared/ports/errors.js';
import type { Mailer, OutgoingEmail, TelegramClient, TelegramSendMessage, WebhookClient, WebhookRequest } from '../../../shared/ports/senders.js';
import type { ConsumerOutcome } from '../../../shared/usecases/consumer-outcome.js';
import { deliverAlert, type DeliverAlertConfig, type DeliverAlertDeps } from '../../../shared/usecases/deliver-alert.js';
import { fanOut } from '../../../shared/usecases/fan-out.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryArticleStore, MemoryDeliveryLedger, MemoryDigestStore, MemoryQueue, MemoryStoryAlerts, MemorySubscriberStore, MemoryTopicActivity } from '../../support/memory-stores.js';

export class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  fail?: (email: OutgoingEmail) => Error | undefined;
  async send(email: OutgoingEmail) {
    const err = this.fail?.(email);
    if (err) throw err;
    this.sent.push(email);
    return { messageId: `ses-${this.sent.length}` };
  }
}

export class RecordingTelegram implements TelegramClient {
  readonly sent: TelegramSendMessage[] = [];
  fail?: (m: TelegramSendMessage) => Error | undefined;
  async sendMessage(m: TelegramSendMessage) {
    const err = this.fail?.(m);
    if (err) throw err;
    this.sent.push(m);
    return { messageId: this.sent.length };
  }
}

export class RecordingWebhooks implements WebhookClient {
  readonly sent: WebhookRequest[] = [];
  fail?: (r: WebhookRequest) => Error | undefined;
  async post(r: WebhookRequest) {
    const err = this.fail?.(r);
    if (err) throw err;
    this.sent.push(r);
    return { httpStatus: 200 };
  }
}

export const TOPICS = [
  { id: 'csto', name: 'CSTO' },
  { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' },
];

export const TOKEN_SECRET = 'token-secret-for-tests-0123456789';
/** Every webhook receiver has a key of its own here, but the one named "keyless". */
export const webhookKeyOf = (subscriberId: string) => `webhook-key-of-${subscriberId}-for-tests-0123456789`;

export const CONFIG: DeliverAlertConfig = {
  stage: 'test',
  publicBaseUrl: 'https://news.example',
  emailFrom: 'alerts@news.example',
  fromName: 'Дежурный "ОДКБ", newshound',
  language: 'ru',
  tokenSecret: TOKEN_SECRET,
  webhookKeys: { get: (id) => (id === 'keyless' ? undefined : webhookKeyOf(id)) },
  topics: TOPICS,
  telegram: { perChatPerSecond: 1, perBotPerSecond: 25 },
  storm: { threshold: 3, windowMinutes: 60 },
};

export function makeWorld(subscribers: Subscriber[] = []) {
  const clock = new ManualClock('2026-11-20T12:00:00Z');
  const now = clock.now;
  const w = {
    clock,
    articles: new MemoryArticleStore(),
    subscribers: new MemorySubscriberStore(subscribers),
    ledger: new MemoryDeliveryLedger(),
    digests: new MemoryDigestStore(),
    activity: new MemoryTopicActivity(),
    storyAlerts: new MemoryStoryAlerts(),
    mailer: new RecordingMailer(),
    telegram: new RecordingTelegram(),
    webhooks: new RecordingWebhooks(),
    queues: {
      fanOut: new MemoryQueue<ArticleMatchesHandedOn>('fan-out', now),
      email: new MemoryQueue<DeliveryRequested>('email', now),
      telegram: new MemoryQueue<DeliveryRequested>('telegram', now),
      webhook: new MemoryQueue<DeliveryRequested>('webhook', now),
      publish: new MemoryQueue<PublishRequested>('publish', now),
    },
  };
  return w;
}
export type World = ReturnType<typeof makeWorld>;

export function deliverDeps(w: World, overrides: Partial<DeliverAlertDeps> = {}): DeliverAlertDeps {
  return { articles: w.articles, subscribers: w.subscribers, ledger: w.ledger, mailer: w.mailer, telegram: w.telegram, webhooks: w.webhooks, clock: w.clock, config: CONFIG, digests: w.digests, ...overrides };
}

export function fanOutDeps(w: World) {
  return { articles: w.articles, subscribers: w.subscribers, queues: { email: w.queues.email, telegram: w.queues.telegram, webhook: w.queues.webhook, publish: w.queues.publish }, clock: w.clock, activity: w.activity, storyAlerts: w.storyAlerts, config: { storm: CONFIG.storm! } };
}

export interface RunStats {
  outcomes: ConsumerOutcome[];
  parked: { queue: string; reason: string }[];
  halted: string[];
}

/**
 * Runs fan-out and delivery consumers until every queue is empty (advancing the manual clock over delays),
 * acting on outcomes as the runtime does. Publish messages are just counted and deleted.
 */
export async function runAll(w: World, deps: DeliverAlertDeps = deliverDeps(w), opts: { maxSteps?: number; visibilitySeconds?: number } = {}): Promise<RunStats> {
  const stats: RunStats = { outcomes: [], parked: [], halted: [] };
  const halted = new Set<string>();
  const consumers: [MemoryQueue<never>, (body: never, receiveCount: number) => Promise<ConsumerOutcome>][] = [
    [w.queues.fanOut as MemoryQueue<never>, (b: ArticleMatchesHandedOn) => fanOut(fanOutDeps(w), b)],
    [w.queues.email as MemoryQueue<never>, (b: DeliveryRequested, n) => deliverAlert(deps, b, { receiveCount: n })],
    [w.queues.telegram as MemoryQueue<never>, (b: DeliveryRequested, n) => deliverAlert(deps, b, { receiveCount: n })],
    [w.queues.webhook as MemoryQueue<never>, (b: DeliveryRequested, n) => deliverAlert(deps, b, { receiveCount: n })],
  ];
  for (let step = 0; step < (opts.maxSteps ?? 100_000); step++) {
    let received = 0;
    for (const [queue, handle] of consumers) {
      if (halted.has(queue.name)) continue;
      for (const m of await queue.receive(10, opts.visibilitySeconds ?? 120)) {
        received++;
        const outcome = await handle(m.body, m.receiveCount);
        stats.outcomes.push(outcome);
        if (outcome.kind === 'done') await queue.delete(m.id);
        else if (outcome.kind === 'retry') await queue.retryLater(m.id, outcome.delaySeconds);
        else if (outcome.kind === 'park') {
          stats.parked.push({ queue: queue.name, reason: outcome.reason });
          await queue.deadLetter(m.id, outcome.reason);
        } else {
          stats.halted.push(outcome.reason);
          halted.add(queue.name);
          await queue.retryLater(m.id, 0);
        }
      }
    }
    for (const m of await w.queues.publish.receive(100, 60)) await w.queues.publish.delete(m.id);
    if (received) continue;
    const pending = consumers.filter(([q]) => !halted.has(q.name)).flatMap(([q]) => [...q.messages.values()].map((m) => m.visibleAt));
    if (!pending.length) return stats;
    w.clock.set(Math.max(w.clock.now().getTime(), Math.min(...pending)));
  }
  throw new Error('runAll: did not settle');
}

export const deliveryError = (action: DeliveryError['action'], provider = 'test') => new DeliveryError(`${action.kind}`, action, provider);
