/**
 * Every bundle `cdk deploy` would upload, cold-started with exactly the environment its synthesized template gives
 * it (ARNs and URLs resolved to the local AWS APIs), and invoked with a realistic event of its trigger. A function
 * whose entry lacks something it uses fails here, not at its first cold start in AWS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prodConfig } from '../../infra/config/index.js';
import { PROJECT_ROOT } from '../../infra/constructs/project-root.js';
import { startLocalCloud, type LocalCloud } from '../../infra/local/aws/local-cloud.js';
import { synthesizeBundled } from '../../infra/local/aws/synth.js';
import { httpEvent, queueEvent, scheduledEvent, topicEvent } from '../../infra/local/aws/trigger-events.js';
import { FUNCTION_NAMES, type FunctionName } from '../../shared/topology/functions.js';

let cloud: LocalCloud;
let outdir: string;

beforeAll(async () => {
  outdir = await mkdtemp(path.join(PROJECT_ROOT, 'test', '.tmp', 'cdk-'));
  const config = prodConfig();
  const { stage, bundles } = synthesizeBundled(config, outdir);
  cloud = await startLocalCloud({ config, appUrl: 'http://127.0.0.1:9', stage, bundles });
}, 180_000);

afterAll(async () => {
  await cloud?.close();
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

const delivery = (channel: string) => ({ subscriberId: 'nobody', channel, articleId: 'article-1', matches: [{ topicId: 'csto', terms: [{ term: 'csto', field: 'title', snippet: 'CSTO' }] }] });

/** A realistic event per function, and what a good answer looks like. */
const cases: Record<FunctionName, { event: () => Promise<unknown> | unknown; answer: (result: unknown) => void }> = {
  'dispatch-polls': { event: () => scheduledEvent(cloud, 'dispatch-polls'), answer: (r) => expect(r).toMatchObject({ dispatched: 2 }) },
  // An unknown feed: parked with its reason (a known one would be fetched from the internet).
  'poll-feed': {
    event: () => queueEvent(cloud, 'poll-feed', [{ feedId: 'not-configured' }]),
    answer: (r) => {
      expect(r).toEqual({ batchItemFailures: [] });
      const dlq = cloud.deployment.queues.find((q) => q.logicalId.startsWith('PollQueueDlq'))!;
      expect(cloud.fauxqs.inspectQueue(dlq.name)?.messages.ready.map((m) => m.messageAttributes.reason?.StringValue)).toEqual(['unknown feed "not-configured"']);
    },
  },
  'fan-out': { event: () => queueEvent(cloud, 'fan-out', [{ articleId: 'article-1', matches: delivery('email').matches }]), answer: (r) => expect(r).toEqual({ batchItemFailures: [] }) },
  'send-email': { event: () => queueEvent(cloud, 'send-email', [delivery('email')]), answer: (r) => expect(r).toEqual({ batchItemFailures: [] }) },
  'send-telegram': { event: () => queueEvent(cloud, 'send-telegram', [delivery('telegram')]), answer: (r) => expect(r).toEqual({ batchItemFailures: [] }) },
  'send-webhook': { event: () => queueEvent(cloud, 'send-webhook', [delivery('webhook')]), answer: (r) => expect(r).toEqual({ batchItemFailures: [] }) },
  'publish-feeds': { event: () => queueEvent(cloud, 'publish-feeds', [{ topicId: 'csto' }, { topicId: 'csto' }]), answer: (r) => expect(r).toEqual({ batchItemFailures: [] }) },
  'send-digests': { event: () => scheduledEvent(cloud, 'send-digests'), answer: (r) => expect(r).toMatchObject({ due: 0 }) },
  subscriptions: { event: () => httpEvent(cloud, 'subscriptions', { method: 'GET', path: '/subscribe' }), answer: (r) => expect(r).toMatchObject({ statusCode: 200 }) },
  // Without Telegram's secret header: refused before any reply would go out to the Bot API.
  'telegram-webhook': {
    event: () => httpEvent(cloud, 'telegram-webhook', { method: 'POST', path: '/telegram/webhook', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5, type: 'private' }, text: '/start' } }) }),
    answer: (r) => expect(r).toMatchObject({ statusCode: 401 }),
  },
  'ses-events': {
    event: () => topicEvent(cloud, 'ses-events', { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'gone@example.org' }] }, mail: { messageId: 'm-1' } }),
    answer: (r) => expect(r).toEqual({ outcomes: ['suppressed'] }),
  },
  'sweep-outbox': { event: () => scheduledEvent(cloud, 'sweep-outbox'), answer: (r) => expect(r).toEqual({ rehanded: 0, parked: 0 }) },
};

describe('every bundle CDK builds cold-starts with its template environment', () => {
  it.each(FUNCTION_NAMES)('%s', { timeout: 60_000 }, async (name) => {
    const result = await cloud.lambda.invoke(name, await cases[name].event());
    if (!result.ok) throw new Error(`${name}: ${result.error.errorType}: ${result.error.errorMessage}\n${(result.error.stack ?? []).join('\n')}`);
    expect(result.coldStart).toBe(true);
    cases[name].answer(result.result);
  });

  it('made only calls their roles allow', () => {
    expect(cloud.gateway.calls.filter((c) => !c.allowed)).toEqual([]);
    // Every function reached AWS through its own role at least once.
    expect(new Set(cloud.gateway.calls.map((c) => c.principal))).toEqual(new Set(FUNCTION_NAMES));
  });
});
