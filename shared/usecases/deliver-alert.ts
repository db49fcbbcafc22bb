/**
 * deliver-alert (send-email / send-telegram / send-webhook consumers): one alert to one subscriber on one channel, once.
 *
 * Ledger claim (lease) → send → complete (delivery/send-once.ts). Digest-mode subscribers, quiet hours and storms hold
 * the alert in the DigestStore instead (delivery/hold-for-digest.ts); send-digests hands the batches back here.
 * Throttling, 429 retry_after and long pacing waits come back as `retry` with a delay for the runtime to honour; only a
 * short pacing wait within a batch (at most a second, with ample time left) is waited out in the invocation.
 */
import { deliverableChannels } from '../domain/delivery/fan-out-plan.js';
import { decideHold } from '../domain/delivery/hold.js';
import type { DeliveryRequested } from '../domain/messages.js';
import { deliveryRequestedSchema, firstIssue } from '../domain/message-schemas.js';
import type { DeliveryKey } from '../ports/stores.js';
import type { ConsumerOutcome } from './consumer-outcome.js';
import { alertContent } from './delivery/channel-content.js';
import { deliverDigest } from './delivery/deliver-digest.js';
import type { DeliverAlertDeps, DeliveryAttempt } from './delivery/deps.js';
import { holdForDigest } from './delivery/hold-for-digest.js';
import { done, errorText, retryOrPark, startRun } from './delivery/run.js';
import { sendOnce } from './delivery/send-once.js';

export type { AlertSent, DeliverAlertConfig, DeliverAlertDeps, DeliveryAttempt, WebhookKeys } from './delivery/deps.js';
export { deliverAlertConfig } from './delivery/deliver-alert-config.js';
export { subscriberLinks } from '../domain/delivery/subscriber-links.js';

export async function deliverAlert(deps: DeliverAlertDeps, input: DeliveryRequested, meta: DeliveryAttempt = {}): Promise<ConsumerOutcome> {
  const parsed = deliveryRequestedSchema.safeParse(input);
  if (!parsed.success) return { kind: 'park', reason: `invalid DeliveryRequested: ${firstIssue(parsed.error)}` };
  const msg = parsed.data as DeliveryRequested;
  const run = startRun(deps, meta);
  try {
    const sub = await deps.subscribers.get(msg.subscriberId);
    if (!sub) return done('skipped: unknown subscriber');
    if (sub.status !== 'active') return done(`skipped: ${sub.status}`);
    if (!deliverableChannels(sub).includes(msg.channel)) return done('skipped: channel off');
    if (msg.digestSlot) return await deliverDigest(run, sub, msg.channel, msg.digestSlot);

    const key: DeliveryKey = { subscriberId: sub.id, channel: msg.channel, articleId: msg.articleId };
    const hold = deps.digests ? decideHold(sub, msg, { now: run.now, topics: deps.config.topics, ...(deps.config.storm ? { storm: deps.config.storm } : {}) }) : undefined;
    if (hold) return await holdForDigest(run, deps.digests!, key, msg, hold);

    const article = await deps.articles.get(msg.articleId);
    if (!article) return retryOrPark(run, `article ${msg.articleId} not found`);
    return await sendOnce(run, key, sub, alertContent(deps.config, run.now, sub, key, article, msg.matches), article.firstSeen);
  } catch (err) {
    // A store failed (e.g. DynamoDB throttling): nothing was sent in this attempt that the ledger does not know of.
    return retryOrPark(run, `store error: ${errorText(err)}`);
  }
}
