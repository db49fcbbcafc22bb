/**
 * deliver-alert (send-email / send-telegram / send-webhook consumers): one alert to one subscriber on one channel, once.
 *
 * Ledger claim (lease) → send → complete. Redelivered or concurrent duplicates find the ledger 'sent' or 'busy'.
 * The only duplicate left is a crash after the provider accepted and before `complete`.
 * Digest-mode subscribers, quiet hours and storms hold the alert in the DigestStore instead (send-digests sends those).
 * Never sleeps: pacing, throttling and 429 retry_after come back as `retry` with a delay for the runtime to honour.
 */
import type { Article } from '../domain/article.js';
import type { DeliveryRequested } from '../domain/messages.js';
import type { Channel, Subscriber } from '../domain/subscriber.js';
import type { Topic } from '../domain/topic.js';
import { nextDigestSlot, nextStormSlot } from '../domain/delivery/digest-schedule.js';
import { deliverableChannels } from '../domain/delivery/fan-out-plan.js';
import { telegramLimits } from '../domain/delivery/pacing.js';
import { quietHoursEnd } from '../domain/delivery/quiet-hours.js';
import { decideRetry, DEFAULT_RETRY, type RetryPolicy } from '../domain/delivery/retry-policy.js';
import { DEFAULT_STORM, heldByStorm, stormNotice, type StormConfig } from '../domain/delivery/storm-control.js';
import { SIGNATURE_HEADER, webhookSignature } from '../domain/delivery/webhook-signature.js';
import { buildAlertView } from '../domain/render/alert-view.js';
import { renderAlertEmail, renderDigestEmail } from '../domain/render/email.js';
import { renderAlertTelegram, renderDigestTelegram } from '../domain/render/telegram.js';
import { buildWebhookAlert, buildWebhookDigest } from '../domain/render/webhook.js';
import { signToken } from '../domain/signed-token.js';
import { deliveryRequestedSchema, firstIssue } from '../domain/message-schemas.js';
import type { Clock } from '../ports/clock.js';
import type { DigestBatchRef, DigestEntry, DigestStore, HoldReason, SendPacer } from '../ports/delivery-state.js';
import { ChatMigratedError, DeliveryError } from '../ports/errors.js';
import type { Mailer, OutgoingEmail, TelegramClient, WebhookClient } from '../ports/senders.js';
import type { ArticleStore, DeliveryKey, DeliveryLedger, SubscriberStore } from '../ports/stores.js';
import type { AppConfig } from '../runtime/app-config.js';
import type { ConsumerOutcome } from './consumer-outcome.js';

export interface DeliverAlertConfig {
  /** Public base URL of the HTTP API: unsubscribe and preferences links point here. */
  publicBaseUrl: string;
  emailFrom: string;
  replyTo?: string;
  /** HMAC key for unsubscribe/preferences tokens (shared with the subscriptions function). */
  tokenSecret: string;
  topics: readonly Pick<Topic, 'id' | 'name'>[];
  /** Default HMAC key for webhook signatures (a subscriber's own `webhookSecret` wins). */
  webhookSecret?: string;
  telegram?: { perChatPerSecond: number; perBotPerSecond: number };
  storm?: StormConfig;
  maxAttempts?: number;
  linkTtlDays?: number;
  leaseSeconds?: number;
}

export interface DeliverAlertDeps {
  articles: ArticleStore;
  subscribers: SubscriberStore;
  ledger: DeliveryLedger;
  mailer: Mailer;
  telegram: TelegramClient;
  webhooks: WebhookClient;
  clock: Clock;
  config: DeliverAlertConfig;
  /** Held alerts (digest mode, quiet hours, storms). Without it every alert goes out at once. */
  digests?: DigestStore;
  /** Telegram pacing per chat and per bot. Without it only Telegram's 429s slow sending down. */
  pacer?: SendPacer;
}

/** Delivery metadata from the runtime: the queue's receive count (1 on first delivery). */
export interface DeliveryAttempt {
  attempt?: number;
  /** Same as attempt (the local queue runner's and SQS's name for it). */
  receiveCount?: number;
}


const DAY = 86_400;

/** DeliverAlertConfig from the validated app config plus the two secrets (which are never config). */
export function deliverAlertConfig(app: AppConfig, secrets: { tokenSecret: string; webhookSecret?: string }): DeliverAlertConfig {
  const d = app.delivery;
  return {
    publicBaseUrl: app.publicBaseUrl,
    emailFrom: app.email.from,
    ...(app.email.replyTo ? { replyTo: app.email.replyTo } : {}),
    tokenSecret: secrets.tokenSecret,
    ...(secrets.webhookSecret ? { webhookSecret: secrets.webhookSecret } : {}),
    topics: app.topics,
    telegram: { perChatPerSecond: d.telegram.perChatPerSecond, perBotPerSecond: d.telegram.perBotPerSecond },
    storm: d.storm,
    maxAttempts: d.maxAttempts,
    linkTtlDays: d.linkTtlDays,
    leaseSeconds: d.leaseSeconds,
  };
}

/** The unsubscribe and preferences links every email carries (served by the subscriptions function). */
export function subscriberLinks(cfg: Pick<DeliverAlertConfig, 'publicBaseUrl' | 'tokenSecret' | 'linkTtlDays'>, subscriberId: string, now: Date): { unsubscribeUrl: string; preferencesUrl: string } {
  const exp = Math.floor(now.getTime() / 1000) + (cfg.linkTtlDays ?? 180) * DAY;
  const base = cfg.publicBaseUrl.replace(/\/+$/, '');
  const token = (purpose: string) => encodeURIComponent(signToken(cfg.tokenSecret, { sub: subscriberId, purpose, exp }));
  return { unsubscribeUrl: `${base}/unsubscribe?token=${token('unsubscribe')}`, preferencesUrl: `${base}/preferences?token=${token('preferences')}` };
}

const done = (detail: string): ConsumerOutcome => ({ kind: 'done', detail });
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

type Content =
  | { channel: 'email'; email: OutgoingEmail }
  | { channel: 'telegram'; parts: string[] }
  | { channel: 'webhook'; url: string; secret: string; body: (now: Date) => string };

interface Run {
  deps: DeliverAlertDeps;
  now: Date;
  attempt: number;
  policy: RetryPolicy;
  lease: number;
}

export async function deliverAlert(deps: DeliverAlertDeps, input: DeliveryRequested, meta: DeliveryAttempt = {}): Promise<ConsumerOutcome> {
  const parsed = deliveryRequestedSchema.safeParse(input);
  if (!parsed.success) return { kind: 'park', reason: `invalid DeliveryRequested: ${firstIssue(parsed.error)}` };
  const msg = parsed.data as DeliveryRequested;
  const run: Run = {
    deps,
    now: deps.clock.now(),
    attempt: Math.max(1, meta.attempt ?? meta.receiveCount ?? 1),
    policy: { ...DEFAULT_RETRY, maxAttempts: deps.config.maxAttempts ?? DEFAULT_RETRY.maxAttempts },
    lease: deps.config.leaseSeconds ?? 60,
  };
  try {
    const sub = await deps.subscribers.get(msg.subscriberId);
    if (!sub) return done('skipped: unknown subscriber');
    if (sub.status !== 'active') return done(`skipped: ${sub.status}`);
    if (!deliverableChannels(sub).includes(msg.channel)) return done('skipped: channel off');
    if (msg.digestSlot) return await deliverDigest(run, sub, msg.channel, msg.digestSlot);

    const key: DeliveryKey = { subscriberId: sub.id, channel: msg.channel, articleId: msg.articleId };
    const hold = deps.digests ? holdDecision(run, sub, msg) : undefined;
    if (hold) return await holdForDigest(run, key, msg, hold);

    const article = await deps.articles.get(msg.articleId);
    if (!article) return retryOrPark(run, `article ${msg.articleId} not found`);
    const view = buildAlertView(article, msg.matches, deps.config.topics, sub.timeZone);
    const content = alertContent(run, sub, msg.channel, key, view, article, msg);
    return await sendOnce(run, key, sub, content);
  } catch (err) {
    // A store failed (e.g. DynamoDB throttling): nothing was sent in this attempt that the ledger does not know of.
    return retryOrPark(run, `store error: ${errorText(err)}`);
  }
}

function retryOrPark(run: Run, reason: string, delaySeconds = 0): ConsumerOutcome {
  return decideRetry({ kind: 'retry', delaySeconds }, reason, run.attempt, run.policy);
}

function topicName(run: Run) {
  const names = new Map(run.deps.config.topics.map((t) => [t.id, t.name]));
  return (id: string) => names.get(id) ?? id;
}

interface Hold {
  reason: HoldReason;
  slot: Date;
  note?: string;
}

/** Webhooks are machines: they get everything at once. People get digests, quiet hours and storm control. */
function holdDecision(run: Run, sub: Subscriber, msg: DeliveryRequested): Hold | undefined {
  if (msg.channel === 'webhook') return undefined;
  if (sub.mode === 'digest') return { reason: 'digest', slot: nextDigestSlot(sub.digest, sub.timeZone, run.now, sub.quietHours) };
  if (heldByStorm(msg.matches, msg.storm)) {
    return { reason: 'storm', slot: nextStormSlot(run.now, sub.timeZone, sub.quietHours), note: stormNotice(msg.storm!, topicName(run), run.deps.config.storm ?? DEFAULT_STORM) };
  }
  const quietEnd = quietHoursEnd(sub.quietHours, sub.timeZone, run.now);
  if (quietEnd) return { reason: 'quiet-hours', slot: quietEnd };
  return undefined;
}

async function holdForDigest(run: Run, key: DeliveryKey, msg: DeliveryRequested, hold: Hold): Promise<ConsumerOutcome> {
  const { ledger, digests } = run.deps;
  const claim = await ledger.claim(key, run.now, run.lease);
  if (claim === 'sent') return done('already-sent');
  if (claim === 'busy') return { kind: 'retry', delaySeconds: run.lease, reason: 'another consumer holds the lease' };
  const slot = hold.slot.toISOString();
  try {
    const entry: DigestEntry = { subscriberId: key.subscriberId, channel: key.channel, slot, articleId: key.articleId, matches: msg.matches, reason: hold.reason, addedAt: run.now.toISOString(), ...(hold.note ? { note: hold.note } : {}) };
    await digests!.add(entry);
  } catch (err) {
    await release(run, key);
    throw err;
  }
  await completeLedger(run, key, `held:${hold.reason}:${slot}`);
  return done(`held: ${hold.reason}`);
}

function alertContent(run: Run, sub: Subscriber, channel: Channel, key: DeliveryKey, view: ReturnType<typeof buildAlertView>, article: Article, msg: DeliveryRequested): Content {
  const cfg = run.deps.config;
  if (channel === 'email') {
    const links = subscriberLinks(cfg, sub.id, run.now);
    return { channel, email: emailMessage(cfg, sub, key, renderAlertEmail(view, links), links.unsubscribeUrl) };
  }
  if (channel === 'telegram') return { channel, parts: renderAlertTelegram(view) };
  return {
    channel,
    url: sub.webhookUrl!,
    secret: sub.webhookSecret ?? cfg.webhookSecret ?? '',
    body: (now) => JSON.stringify(buildWebhookAlert(article, msg.matches, cfg.topics, { deliveryId: deliveryId(key), now })),
  };
}

function deliveryId(key: DeliveryKey): string {
  return `${key.subscriberId}/${key.channel}/${key.articleId}`;
}

function emailMessage(cfg: DeliverAlertConfig, sub: Subscriber, key: DeliveryKey, rendered: { subject: string; html: string; text: string }, unsubscribeUrl: string): OutgoingEmail {
  return {
    from: cfg.emailFrom,
    to: sub.email!,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Newshound-Delivery': deliveryId(key),
      ...(cfg.replyTo ? { 'Reply-To': cfg.replyTo } : {}),
    },
  };
}

async function release(run: Run, key: DeliveryKey): Promise<void> {
  try {
    await run.deps.ledger.release(key);
  } catch {
    // The lease expires on its own; releasing early only speeds up the retry.
  }
}

/** The send happened: record it, trying a few times, because a lost `complete` is the one way to send twice. */
async function completeLedger(run: Run, key: DeliveryKey, providerId: string | undefined): Promise<boolean> {
  for (let i = 0; i < 3; i++) {
    try {
      await run.deps.ledger.complete(key, run.now, providerId);
      return true;
    } catch {
      // retry at once: no sleeping in a consumer
    }
  }
  return false;
}

type SendResult = { kind: 'sent'; providerId: string } | { kind: 'wait'; ms: number; reason: string };

async function sendOnce(run: Run, key: DeliveryKey, sub: Subscriber, content: Content): Promise<ConsumerOutcome> {
  // A one-part Telegram message is paced before the ledger is touched, so waiting for a slot costs no ledger writes.
  const pacedUpFront = content.channel === 'telegram' && content.parts.length === 1 && pacing(run);
  if (pacedUpFront) {
    const wait = await run.deps.pacer!.reserve(deliveryId(key), telegramLimits(sub.telegramChatId!, run.deps.config.telegram!), run.now);
    if (wait > 0) return { kind: 'retry', delaySeconds: wait / 1000, reason: 'paced' };
  }
  let claim: Awaited<ReturnType<DeliveryLedger['claim']>>;
  try {
    claim = await run.deps.ledger.claim(key, run.now, run.lease);
  } catch (err) {
    if (pacedUpFront) await run.deps.pacer!.answered(deliveryId(key), run.deps.clock.now());
    throw err;
  }
  if (claim !== 'claimed' && pacedUpFront) await run.deps.pacer!.answered(deliveryId(key), run.deps.clock.now());
  if (claim === 'sent') return done('already-sent');
  if (claim === 'busy') return { kind: 'retry', delaySeconds: run.lease, reason: 'another consumer holds the lease' };
  let result: SendResult;
  try {
    result = await send(run, key, sub, content, Boolean(pacedUpFront));
  } catch (err) {
    await release(run, key);
    return await failureOutcome(run, sub, key.channel, err);
  }
  if (result.kind === 'wait') {
    await release(run, key);
    return { kind: 'retry', delaySeconds: result.ms / 1000, reason: result.reason };
  }
  // Even when the ledger write fails, the message went out: finishing here (not retrying) avoids a second send.
  await completeLedger(run, key, result.providerId);
  return done('sent');
}

const pacing = (run: Run) => Boolean(run.deps.pacer && run.deps.config.telegram);

async function send(run: Run, key: DeliveryKey, sub: Subscriber, content: Content, alreadyPaced = false): Promise<SendResult> {
  const { deps } = run;
  if (content.channel === 'email') {
    const { messageId } = await deps.mailer.send(content.email);
    return { kind: 'sent', providerId: messageId };
  }
  if (content.channel === 'webhook') {
    if (!content.secret) throw new DeliveryError('no webhook signing secret configured', { kind: 'park', reason: 'no webhook signing secret configured' }, 'webhook');
    const body = content.body(run.now);
    const headers = {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: webhookSignature(content.secret, run.now.getTime() / 1000, body),
      'X-Newshound-Delivery': deliveryId(key),
    };
    const { httpStatus } = await deps.webhooks.post({ url: content.url, body, headers });
    return { kind: 'sent', providerId: `http-${httpStatus}` };
  }
  return sendTelegramParts(run, key, sub, content.parts, alreadyPaced);
}

/** Multi-part messages record each part in the ledger, so a retry after part 2 of 3 sends only part 3. */
async function sendTelegramParts(run: Run, key: DeliveryKey, sub: Subscriber, parts: string[], alreadyPaced: boolean): Promise<SendResult> {
  const { deps } = run;
  const ids: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const partKey: DeliveryKey | undefined = parts.length === 1 ? undefined : { ...key, articleId: `${key.articleId}#part${i + 1}of${parts.length}` };
    if (partKey) {
      const claim = await deps.ledger.claim(partKey, run.now, run.lease);
      if (claim === 'sent') continue;
      if (claim === 'busy') return { kind: 'wait', ms: run.lease * 1000, reason: 'another consumer holds a part lease' };
    }
    const holder = deliveryId(partKey ?? key);
    const paced = pacing(run);
    try {
      if (paced && !alreadyPaced) {
        const wait = await deps.pacer!.reserve(holder, telegramLimits(sub.telegramChatId!, deps.config.telegram!), run.now);
        if (wait > 0) {
          if (partKey) await release(run, partKey);
          return { kind: 'wait', ms: wait, reason: 'paced' };
        }
      }
      try {
        const { messageId } = await sendTelegramFollowingMigration(run, sub, parts[i]!);
        ids.push(messageId);
      } finally {
        if (paced) await deps.pacer!.answered(holder, deps.clock.now());
      }
    } catch (err) {
      if (partKey) await release(run, partKey);
      throw err;
    }
    if (partKey) await completeLedger(run, partKey, String(ids.at(-1)));
  }
  return { kind: 'sent', providerId: ids.length ? ids.join(',') : 'parts-already-sent' };
}

async function sendTelegramFollowingMigration(run: Run, sub: Subscriber, text: string): Promise<{ messageId: number }> {
  const { deps } = run;
  const message = { chat_id: sub.telegramChatId!, text, parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } };
  try {
    return await deps.telegram.sendMessage(message);
  } catch (err) {
    if (!(err instanceof ChatMigratedError)) throw err;
    // The group became a supergroup: remember the new chat and try it once.
    sub.telegramChatId = err.newChatId;
    await deps.subscribers.put(sub);
    return await deps.telegram.sendMessage({ ...message, chat_id: err.newChatId });
  }
}

async function failureOutcome(run: Run, sub: Subscriber, channel: Channel, err: unknown): Promise<ConsumerOutcome> {
  if (!(err instanceof DeliveryError)) return retryOrPark(run, `${channel} send failed: ${errorText(err)}`);
  const action = err.action;
  if (action.kind === 'retry') {
    if (channel === 'telegram' && action.delaySeconds > 0 && run.deps.pacer && sub.telegramChatId) {
      // Telegram named a flood wait: nobody on this chat, nor the bot, sends before it ends.
      const until = new Date(run.now.getTime() + action.delaySeconds * 1000);
      await run.deps.pacer.holdOff(`telegram:chat:${sub.telegramChatId}`, until);
      await run.deps.pacer.holdOff('telegram:bot', until);
    }
    return decideRetry(action, `${err.provider}: ${err.message}`, run.attempt, run.policy);
  }
  if (action.kind === 'park') return { kind: 'park', reason: `${err.provider}: ${action.reason}` };
  if (action.kind === 'halt') return { kind: 'halt', reason: `${err.provider}: ${action.reason}` };
  const fresh = (await run.deps.subscribers.get(sub.id)) ?? sub;
  fresh.disabledChannels = { ...fresh.disabledChannels, [channel]: { reason: action.reason, at: run.now.toISOString() } };
  await run.deps.subscribers.put(fresh);
  return done('channel-disabled');
}

async function deliverDigest(run: Run, sub: Subscriber, channel: Channel, slot: string): Promise<ConsumerOutcome> {
  const { deps } = run;
  if (!deps.digests) return { kind: 'park', reason: 'digest requested but no digest store configured' };
  const ref: DigestBatchRef = { subscriberId: sub.id, channel, slot };
  const entries = await deps.digests.entries(ref);
  if (!entries.length) return done('already-sent');
  const loaded: { entry: DigestEntry; article: Article }[] = [];
  for (const entry of entries) {
    const article = await deps.articles.get(entry.articleId);
    if (article) loaded.push({ entry, article });
  }
  const key: DeliveryKey = { subscriberId: sub.id, channel, articleId: `digest:${slot}` };
  if (!loaded.length) {
    await deps.digests.removeBatch(ref);
    return done('skipped: digest articles missing');
  }
  const { heading, notice } = digestHeading(sub, loaded.map((l) => l.entry));
  const views = loaded.map((l) => buildAlertView(l.article, l.entry.matches, deps.config.topics, sub.timeZone));
  let content: Content;
  if (channel === 'email') {
    const links = subscriberLinks(deps.config, sub.id, run.now);
    content = { channel, email: emailMessage(deps.config, sub, key, renderDigestEmail(views, { ...links, heading, ...(notice ? { notice } : {}) }), links.unsubscribeUrl) };
  } else if (channel === 'telegram') {
    content = { channel, parts: renderDigestTelegram(views, { heading, ...(notice ? { notice } : {}) }) };
  } else {
    const cfg = deps.config;
    content = {
      channel,
      url: sub.webhookUrl!,
      secret: sub.webhookSecret ?? cfg.webhookSecret ?? '',
      body: (now) => JSON.stringify(buildWebhookDigest(loaded.map((l) => ({ article: l.article, matches: l.entry.matches })), cfg.topics, { deliveryId: deliveryId(key), now, heading, ...(notice ? { notice } : {}) })),
    };
  }
  const outcome = await sendOnce(run, key, sub, content);
  if (outcome.kind === 'done') await deps.digests.removeBatch(ref);
  return outcome;
}

function digestHeading(sub: Subscriber, entries: DigestEntry[]): { heading: string; notice?: string } {
  const reasons = new Set(entries.map((e) => e.reason));
  const notes = [...new Set(entries.map((e) => e.note).filter((n): n is string => Boolean(n)))];
  let heading: string;
  if (reasons.has('digest')) heading = `Your ${sub.digest?.frequency ?? 'daily'} digest`;
  else if (reasons.has('storm')) heading = 'Storm digest';
  else heading = 'Held during your quiet hours';
  if (reasons.has('quiet-hours') && heading !== 'Held during your quiet hours') notes.push('Some of these alerts were held during your quiet hours.');
  return notes.length ? { heading, notice: notes.join(' ') } : { heading };
}

