/**
 * fan-out: one matched article → one DeliveryRequested per subscriber per channel (all their matched topics merged)
 * and one PublishRequested per topic. A topic alerts once per story: a later article of a story that already alerted
 * the topic is published in the feeds (its story's item grows) but delivers nothing for that topic; a topic new to
 * the story still alerts. Safe to run twice: the (story, topic) record names the article that took it, so a
 * redelivery of that article delivers again, and the delivery ledger downstream sends nothing twice.
 */
import type { ArticleMatchesHandedOn, DeliveryRequested, PublishRequested } from '../domain/messages.js';
import type { Channel, Subscriber } from '../domain/subscriber.js';
import { planDeliveries } from '../domain/delivery/fan-out-plan.js';
import { DEFAULT_STORM, isStorming, type StormConfig, type StormMark } from '../domain/delivery/storm-control.js';
import { articleMatchesSchema, firstIssue } from '../domain/message-schemas.js';
import type { Clock } from '../ports/clock.js';
import type { StoryAlerts, TopicActivity } from '../ports/delivery-state.js';
import type { Queue } from '../ports/queue.js';
import type { ArticleStore, SubscriberStore } from '../ports/stores.js';
import type { ConsumerOutcome } from './consumer-outcome.js';

export interface FanOutDeps {
  articles: ArticleStore;
  subscribers: SubscriberStore;
  queues: Record<Channel, Queue<DeliveryRequested>> & { publish: Queue<PublishRequested> };
  clock: Clock;
  /** Storm control counts per topic here; without it storm control is off. */
  activity?: TopicActivity;
  /** Which article alerted each (story, topic); without it every article alerts its topics. */
  storyAlerts?: StoryAlerts;
  /** `telegramPerSecond` (the bot's rate) spreads Telegram deliveries over time with queue delays. */
  config?: { storm?: StormConfig; sendBatchSize?: number; telegramPerSecond?: number };
}


const MAX_DELAY_SECONDS = 900;

export async function fanOut(deps: FanOutDeps, input: ArticleMatchesHandedOn): Promise<ConsumerOutcome> {
  const parsed = articleMatchesSchema.safeParse(input);
  if (!parsed.success) return { kind: 'park', reason: `invalid ArticleMatchesHandedOn: ${firstIssue(parsed.error)}` };
  const msg = parsed.data;
  const topicIds = [...new Set(msg.matches.map((m) => m.topicId))];
  if (!topicIds.length) return { kind: 'done', detail: 'no topics' };
  const now = deps.clock.now();
  try {
    const alerting = await topicsToAlert(deps, msg.articleId, msg.storyId, topicIds, now);
    const byTopic = new Map<string, Subscriber[]>();
    for (const topicId of alerting) byTopic.set(topicId, await deps.subscribers.listByTopic(topicId));

    const storm: StormMark[] = [];
    if (deps.activity) {
      const cfg = deps.config?.storm ?? DEFAULT_STORM;
      for (const topicId of alerting) {
        const count = await deps.activity.record(topicId, msg.articleId, now, cfg.windowMinutes * 60);
        if (isStorming(count, cfg)) storm.push({ topicId, count });
      }
    }

    const deliveries = planDeliveries(msg.articleId, msg.matches.filter((m) => alerting.includes(m.topicId)), byTopic, storm);
    const batch = deps.config?.sendBatchSize ?? 500;
    const counts: Record<Channel, number> = { email: 0, telegram: 0, webhook: 0 };
    for (const channel of ['email', 'telegram', 'webhook'] as const) {
      const list = deliveries.filter((d) => d.channel === channel);
      if (channel === 'telegram' && deps.config?.telegramPerSecond) {
        // Spread Telegram alerts over time at the bot's rate, so senders rarely meet the pacer and re-queue
        // (each re-queue is another paid SQS round trip). SQS delays stop at 15 minutes; the pacer does the rest.
        const perSecond = Math.max(1, Math.floor(deps.config.telegramPerSecond));
        for (let i = 0; i < list.length; i += perSecond) {
          await deps.queues.telegram.send(list.slice(i, i + perSecond), { delaySeconds: Math.min(MAX_DELAY_SECONDS, i / perSecond) });
        }
      } else {
        for (let i = 0; i < list.length; i += batch) await deps.queues[channel].send(list.slice(i, i + batch));
      }
      counts[channel] = list.length;
    }
    await deps.queues.publish.send(topicIds.map((topicId) => ({ topicId })));
    const subscribers = new Set(deliveries.map((d) => d.subscriberId)).size;
    return {
      kind: 'done',
      detail: `queued ${deliveries.length} deliveries (email ${counts.email}, telegram ${counts.telegram}, webhook ${counts.webhook}) for ${subscribers} subscribers; ${topicIds.length} topics to publish${storm.length ? `; storm: ${storm.map((s) => s.topicId).join(', ')}` : ''}${covered(topicIds, alerting)}`,
    };
  } catch (err) {
    // Stores or queues failed part-way: run again; whatever was queued already is de-duplicated by the ledger.
    return { kind: 'retry', delaySeconds: 5, reason: `fan-out failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The topics this article alerts: those no other article of its story alerted before. */
async function topicsToAlert(deps: FanOutDeps, articleId: string, storyId: string | undefined, topicIds: string[], now: Date): Promise<string[]> {
  if (!deps.storyAlerts || !storyId) return topicIds;
  const alerting: string[] = [];
  for (const topicId of topicIds) if (await deps.storyAlerts.claim({ storyId, topicId, articleId }, now)) alerting.push(topicId);
  return alerting;
}

function covered(topicIds: string[], alerting: string[]): string {
  const already = topicIds.filter((t) => !alerting.includes(t));
  return already.length ? `; alerted for the story already: ${already.join(', ')}` : '';
}
