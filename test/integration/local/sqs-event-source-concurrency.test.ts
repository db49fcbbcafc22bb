import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLambdaService } from '../../../infra/local/aws/lambda-service.js';
import { provisionStacks, type StackTemplate } from '../../../infra/local/aws/local-deployment.js';
import { startTestSqs } from '../../support/fauxqs.js';

/**
 * The local runtime's SQS event source keeps as many invocations in flight as the template's
 * ScalingConfig.MaximumConcurrency allows, as Lambda does. The function (a real worker thread) calls a loopback
 * server that holds each call a moment: the server sees how many invocations run at once.
 */

const MESSAGES = 8;
const HOLD_MS = 150;

function template(maxConcurrency: number): StackTemplate {
  return {
    stackName: `Probe${maxConcurrency}`,
    template: {
      Resources: {
        Work: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 60 } },
        ProbeRole: { Type: 'AWS::IAM::Role', Properties: {} },
        Probe: {
          Type: 'AWS::Lambda::Function',
          Properties: { Role: { 'Fn::GetAtt': ['ProbeRole', 'Arn'] }, Timeout: 30, Handler: 'index.handler', Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'probe' } } },
        },
        ProbeSource: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            FunctionName: { Ref: 'Probe' },
            EventSourceArn: { 'Fn::GetAtt': ['Work', 'Arn'] },
            BatchSize: 1,
            ScalingConfig: { MaximumConcurrency: maxConcurrency },
            FunctionResponseTypes: ['ReportBatchItemFailures'],
          },
        },
      },
    },
  };
}

/** Counts calls running at once; each is answered HOLD_MS after it arrived. */
function holdingServer() {
  const seen = { running: 0, max: 0, done: 0 };
  const server = createServer((_req, res) => {
    seen.running += 1;
    seen.max = Math.max(seen.max, seen.running);
    setTimeout(() => {
      seen.running -= 1;
      seen.done += 1;
      res.end('ok');
    }, HOLD_MS);
  });
  return { seen, server };
}

describe('local SQS event source', () => {
  let dir: string;
  let bundle: string;
  let sqs: Awaited<ReturnType<typeof startTestSqs>>;
  let probe: ReturnType<typeof holdingServer>;
  let probeUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'newshound-esm-'));
    bundle = path.join(dir, 'index.mjs');
    await writeFile(bundle, 'export const handler = async () => { await (await fetch(process.env.PROBE_URL)).text(); return { batchItemFailures: [] }; };\n');
    sqs = await startTestSqs();
    probe = holdingServer();
    await new Promise<void>((resolve) => probe.server.listen(0, '127.0.0.1', resolve));
    probeUrl = `http://127.0.0.1:${(probe.server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await new Promise((resolve) => (probe.server as Server).close(resolve));
    await sqs?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([2, 3])('runs at most the template\'s maximum concurrency (%i) at once, and every message', async (maxConcurrency) => {
    const gatewayUrl = sqs.queueUrl('').replace(/\/000000000000\/$/, '');
    const deployment = provisionStacks([template(maxConcurrency)], { gatewayUrl, appUrl: 'http://127.0.0.1:1' });
    expect(deployment.eventSources[0]!.maxConcurrency).toBe(maxConcurrency);
    const queue = deployment.queues[0]!;
    await sqs.createQueue(queue.name);
    Object.assign(probe.seen, { running: 0, max: 0, done: 0 });
    const service = new LocalLambdaService({
      deployment,
      bundles: { probe: bundle },
      runtimeEnv: () => ({ PROBE_URL: probeUrl }),
      sqsFor: () => sqs.client,
      queueDepth: () => ({ ready: 0, inFlight: 0, delayed: 0 }),
      onFunctionLog: () => {},
      log: () => {},
    });
    try {
      await sqs.client.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: Array.from({ length: MESSAGES }, (_, i) => ({ Id: String(i), MessageBody: `{"n":${i}}` })) }));
      service.start({ schedules: false });
      await expect.poll(() => probe.seen.done, { timeout: 60_000, interval: 50 }).toBe(MESSAGES);
      expect(probe.seen.max).toBe(maxConcurrency);
    } finally {
      await service.close();
    }
  });
});
