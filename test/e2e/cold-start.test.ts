/**
 * Every bundle `cdk deploy` would upload, cold-started with exactly the environment its synthesized template gives
 * it (ARNs and URLs resolved to the local AWS APIs), and invoked with a realistic event of its trigger. A function
 * whose entry lacks something it uses fails here, not at its first cold start in AWS.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleConfig } from '../../infra/config/index.js';
import { PROJECT_ROOT } from '../../infra/constructs/project-root.js';
import { startLocalCloud, type LocalCloud } from '../../infra/local/aws/local-cloud.js';
import { synthesizeBundled } from '../../infra/local/aws/synth.js';
import { localSsmClient } from '../../infra/local/local-secret-maps.js';
import { writeSecretParameter } from '../../infra/secrets/secret-parameters.js';
import { WorkerFeedParser } from '../../shared/adapters/worker-threads/worker-feed-parser.js';
import { BUNDLED_WORKER_FILE } from '../../shared/adapters/worker-threads/worker-script.js';
import { rssFeed } from '../support/feed-builder.js';
import { sampleEvent } from '../../infra/local/aws/sample-events.js';
import { FUNCTION_NAMES, type FunctionName } from '../../shared/topology/functions.js';

let cloud: LocalCloud;
let outdir: string;
let bundles: Record<string, string>;

beforeAll(async () => {
  // Inside the project, so the bundles resolve @aws-sdk/* from node_modules as Lambda resolves them from its runtime.
  const scratch = path.join(PROJECT_ROOT, 'test', '.tmp');
  await mkdir(scratch, { recursive: true });
  outdir = await mkdtemp(path.join(scratch, 'cdk-'));
  const config = sampleConfig();
  const synthesized = synthesizeBundled(config, outdir);
  const { stage } = synthesized;
  bundles = synthesized.bundles;
  cloud = await startLocalCloud({ config, appUrl: 'http://127.0.0.1:9', stage, bundles });
  // The admin's step after a first deploy (newshound secret set telegram-bot-token); the other secrets need none.
  const ssm = localSsmClient(cloud.urls.ssm);
  await writeSecretParameter(ssm, cloud.secretParameter('telegramBotToken'), '100000:cold-start-bot-token-0123456789');
  ssm.destroy();
}, 180_000);

afterAll(async () => {
  await cloud?.close();
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

/** What a good answer to each function's sample event looks like. */
const answers: Record<FunctionName, (result: unknown) => void> = {
  'dispatch-polls': (r) => expect(r).toMatchObject({ dispatched: 2 }),
  'poll-feed': (r) => {
    expect(r).toEqual({ batchItemFailures: [] });
    const dlq = cloud.deployment.queues.find((q) => q.logicalId.startsWith('PollQueueDlq'))!;
    expect(cloud.fauxqs.inspectQueue(dlq.name)?.messages.ready.map((m) => m.messageAttributes.reason?.StringValue)).toEqual(['unknown feed "not-configured"']);
  },
  'fan-out': (r) => expect(r).toEqual({ batchItemFailures: [] }),
  'send-email': (r) => expect(r).toEqual({ batchItemFailures: [] }),
  'send-telegram': (r) => expect(r).toEqual({ batchItemFailures: [] }),
  'send-webhook': (r) => expect(r).toEqual({ batchItemFailures: [] }),
  'publish-feeds': (r) => expect(r).toEqual({ batchItemFailures: [] }),
  'send-digests': (r) => expect(r).toMatchObject({ due: 0 }),
  subscriptions: (r) => expect(r).toMatchObject({ statusCode: 200 }),
  'telegram-webhook': (r) => expect(r).toMatchObject({ statusCode: 401 }),
  'ses-events': (r) => expect(r).toEqual({ outcomes: ['suppressed'] }),
  'sweep-outbox': (r) => expect(r).toEqual({ rehanded: 0, parked: 0 }),
  'websub-callback': (r) => expect(r).toMatchObject({ statusCode: 404 }),
  'websub-subscribe': (r) => expect(r).toEqual({ managed: 0, subscribed: 0, unsubscribed: 0 }),
};

describe('every bundle CDK builds cold-starts with its template environment', () => {
  it.each(FUNCTION_NAMES)('%s', { timeout: 60_000 }, async (name) => {
    const result = await cloud.lambda.invoke(name, await sampleEvent(cloud, name));
    if (!result.ok) throw new Error(`${name}: ${result.error.errorType}: ${result.error.errorMessage}\n${(result.error.stack ?? []).join('\n')}`);
    expect(result.coldStart).toBe(true);
    answers[name](result.result);
  });

  it('runs the deploy triggers as CloudFormation would, each answering SUCCESS', { timeout: 60_000 }, async () => {
    expect(await cloud.runDeployTriggers()).toEqual([expect.objectContaining({ Status: 'SUCCESS', LogicalResourceId: 'RepublishFeeds', Data: expect.objectContaining({ outcome: 'republished' }) })]);
  });

  it('made only calls their roles allow', () => {
    expect(cloud.gateway.calls.filter((c) => !c.allowed)).toEqual([]);
    // Every function reached AWS through its own role at least once.
    expect(new Set(cloud.gateway.calls.map((c) => c.principal))).toEqual(new Set(FUNCTION_NAMES));
  });
});

describe('the parse worker CDK bundles beside poll-feed', () => {
  it('is in the asset, and parses and refuses feeds from the bundle alone', async () => {
    const file = path.join(path.dirname(bundles['poll-feed']!), BUNDLED_WORKER_FILE);
    expect(existsSync(file)).toBe(true);
    const parser = new WorkerFeedParser({ maxWorkers: 1, limits: { maxChars: 2000 }, script: { filename: file, eval: false } });
    const body = (text: string) => ({ bytes: new TextEncoder().encode(text), contentType: 'application/rss+xml', feedUrl: 'https://example.test/feed' });
    try {
      const read = await parser.parse(body(rssFeed({ title: 'Bundled', items: [{ id: 'one', title: 'CSTO summit' }] })));
      expect(read.parsed.items.map((i) => i.title)).toEqual(['CSTO summit']);
      const refused = await parser.parse(body(rssFeed({ title: 'Bundled', items: [{ id: 'one', title: 'x'.repeat(3000) }] }))).catch((e: unknown) => e);
      expect(refused).toMatchObject({ reason: 'too-large' });
    } finally {
      await parser.close();
    }
  });
});
