/**
 * `npm start -- --once`: one full cycle through the deployed functions, their event sources running but not their
 * schedules (the cycle runs those itself, once). dispatch-polls is invoked as an admin's
 * "poll now" ({"force": true}, every enabled feed), the queues drain until quiet, the recovery schedules
 * (sweep-outbox, send-digests) run once, and the queues drain again. The summary reads what the cycle left
 * behind: the feeds' state, the functions' log lines, the delivery ledger, the dead-letter queues.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalSystem } from './system.js';

export interface CycleSummary {
  feedsPolled: number;
  newArticles: number;
  matches: Record<string, number>;
  /** Stories that alerted each topic: a topic alerts once per story, so later copies of a story match but do not alert. */
  alertedStories: Record<string, number>;
  emailsSent: number;
  telegramSent: number;
  webhooksSent: number;
  feedsWritten: string[];
  outbox: string;
  feedErrors: { feedId: string; error: string }[];
  parked: number;
}

export async function runCycle(system: LocalSystem, options: { waitSeconds?: number } = {}): Promise<CycleSummary> {
  const { cloud, context } = system;
  const started = new Date();
  const mark = context.logs.mark();
  const parkedBefore = await parkedCount(system);
  cloud.lambda.start({ schedules: false });

  await invoke(system, 'dispatch-polls', { force: true });
  await cloud.lambda.drain(options.waitSeconds);
  await invoke(system, 'sweep-outbox', {});
  await invoke(system, 'send-digests', {});
  await cloud.lambda.drain(options.waitSeconds);

  const lines = context.logs.since(mark);
  const polls = lines.filter((l) => l.function === 'poll-feed' && l.message === 'polled').map((l) => l.json!);
  const matches: Record<string, number> = {};
  for (const poll of polls) for (const [topic, n] of Object.entries((poll.matches ?? {}) as Record<string, number>)) matches[topic] = (matches[topic] ?? 0) + n;
  const states = await context.stores.feedStates.getMany(context.config.feeds.map((f) => f.id));
  const polled = states.filter((s) => s.lastPolledAt && new Date(s.lastPolledAt) >= started);
  const sent = await sentSince(system, started);
  return {
    feedsPolled: polled.length,
    newArticles: polls.reduce((n, p) => n + Number(p.newArticles ?? 0), 0),
    matches,
    alertedStories: await storiesAlertedSince(system, started),
    emailsSent: sent.email,
    telegramSent: sent.telegram,
    webhooksSent: sent.webhook,
    feedsWritten: [...new Set(lines.filter((l) => l.function === 'publish-feeds' && l.message === 'feeds published').flatMap((l) => (l.json!.written ?? []) as string[]))].sort(),
    outbox: context.outboxDir,
    feedErrors: polled.filter((s) => s.lastErrorAt && new Date(s.lastErrorAt) >= started).map((s) => ({ feedId: s.feedId, error: s.lastError ?? 'error' })),
    parked: (await parkedCount(system)) - parkedBefore,
  };
}

async function invoke(system: LocalSystem, name: string, event: unknown): Promise<void> {
  const result = await system.cloud.lambda.invoke(name, event);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.errorType}: ${result.error.errorMessage}`);
}

/** Deliveries the ledger records as sent since `since`, per channel (held alerts and the parts of long messages aside). */
async function sentSince(system: LocalSystem, since: Date): Promise<Record<'email' | 'telegram' | 'webhook', number>> {
  const counts = { email: 0, telegram: 0, webhook: 0 };
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await system.cloud.clients.doc.send(
      new ScanCommand({
        TableName: system.cloud.tableName,
        FilterExpression: '#type = :delivery AND #state = :sent AND sentAt >= :since',
        ExpressionAttributeNames: { '#type': 'type', '#state': 'state' },
        ExpressionAttributeValues: { ':delivery': 'delivery', ':sent': 'sent', ':since': since.toISOString() },
        ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const [, , channel, ...article] = String(item.pk).split('#');
      if (String(item.providerId ?? '').startsWith('held:') || article.join('#').includes('#part')) continue;
      if (channel === 'email' || channel === 'telegram' || channel === 'webhook') counts[channel] += 1;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return counts;
}

/** Per topic, the stories whose alert for it was claimed since `since` (the story-alert records fan-out writes). */
async function storiesAlertedSince(system: LocalSystem, since: Date): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await system.cloud.clients.doc.send(
      new ScanCommand({
        TableName: system.cloud.tableName,
        FilterExpression: '#type = :storyAlert AND claimedAt >= :since',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':storyAlert': 'story-alert', ':since': since.toISOString() },
        ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const topicId = String(item.sk).slice('TOPIC#'.length);
      counts[topicId] = (counts[topicId] ?? 0) + 1;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return counts;
}

async function parkedCount(system: LocalSystem): Promise<number> {
  const { deployment, fauxqs } = system.cloud;
  const dlqs = new Set(deployment.queues.flatMap((q) => (q.redrive ? [q.redrive.deadLetterTargetArn] : [])));
  let count = 0;
  for (const queue of deployment.queues.filter((q) => dlqs.has(q.arn))) {
    const messages = fauxqs.inspectQueue(queue.name)?.messages;
    count += (messages?.ready.length ?? 0) + (messages?.delayed.length ?? 0) + (messages?.inflight.length ?? 0);
  }
  return count;
}
