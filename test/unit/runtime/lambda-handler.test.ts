import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleConfig } from '../../../infra/config/index.js';
import { BUNDLED_CONFIG_IDENTIFIER, bundledConfigDefine } from '../../../shared/runtime/lambda-config.js';
import { lambdaHandler } from '../../../shared/runtime/lambda-handler.js';
import { defineFunction, type TableStores } from '../../../shared/runtime/ports.js';
import { FunctionEnv } from '../../../shared/topology/environment.js';
import { memoryTable } from '../../support/test-ports.js';

/** What the stack gives ses-events (a function without queues or secrets), and the config bundled into it. */
const STACK_ENV = { [FunctionEnv.stage]: 'prod', [FunctionEnv.publicBaseUrl]: 'https://news.example.org', [FunctionEnv.emailFrom]: 'alerts@news.example.org', POWERTOOLS_LOG_LEVEL: 'SILENT' };
const globals = globalThis as Record<string, unknown>;
const saved = new Map<string, string | undefined>();
beforeAll(() => {
  for (const [key, value] of Object.entries(STACK_ENV)) {
    saved.set(key, process.env[key]);
    process.env[key] = value;
  }
  globals[BUNDLED_CONFIG_IDENTIFIER] = JSON.parse(bundledConfigDefine(sampleConfig()));
});
afterAll(() => {
  for (const [key, value] of saved) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  delete globals[BUNDLED_CONFIG_IDENTIFIER];
});

const context = { functionName: 'ses-events', awsRequestId: 'request-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

/** A definition whose compose fails as often as `failures` says (a secret unreadable), counting what it builds. */
function fakeDefinition(failures: { count: number }) {
  const counts = { tableBuilt: 0, composed: 0 };
  const definition = defineFunction({
    name: 'ses-events',
    aws: {
      factories: {
        table: (): TableStores => {
          counts.tableBuilt++;
          return memoryTable();
        },
      },
    },
    compose: async (p) => {
      counts.composed++;
      if (failures.count > 0) {
        failures.count--;
        throw new Error('secrets unavailable');
      }
      return { stage: p.config.stage, suppressions: p.table.suppressions };
    },
  });
  return { definition, counts };
}

type Reply = { statusCode: number; body: string };
const makeHandler = (deps: { stage: string }, ports: { name: string }) => async (event: { path: string }): Promise<Reply> => ({ statusCode: 200, body: `${ports.name} ${deps.stage} ${event.path}` });
const unavailable = (error: unknown): Reply => ({ statusCode: 503, body: `unavailable: ${(error as Error).message}` });

describe('lambdaHandler', () => {
  let failures: { count: number };
  beforeEach(() => {
    failures = { count: 0 };
  });

  it('hands the composed dependencies and the ports to makeHandler', async () => {
    const { definition } = fakeDefinition(failures);
    const handler = lambdaHandler(definition, makeHandler, { onInitError: unavailable });
    expect(await handler({ path: '/subscribe' }, context)).toEqual({ statusCode: 200, body: 'ses-events prod /subscribe' });
  });

  it('answers with onInitError when the dependencies cannot be composed', async () => {
    failures.count = 1;
    const { definition } = fakeDefinition(failures);
    const handler = lambdaHandler(definition, makeHandler, { onInitError: unavailable });
    expect(await handler({ path: '/subscribe' }, context)).toEqual({ statusCode: 503, body: 'unavailable: secrets unavailable' });
  });

  it('throws without onInitError, so the platform retries the event', async () => {
    failures.count = 1;
    const { definition } = fakeDefinition(failures);
    const handler = lambdaHandler(definition, makeHandler);
    await expect(handler({ path: '/subscribe' }, context)).rejects.toThrow('secrets unavailable');
  });

  it('does not remember a failure: the next invocation composes again and succeeds', async () => {
    failures.count = 1;
    const { definition, counts } = fakeDefinition(failures);
    const handler = lambdaHandler(definition, makeHandler, { onInitError: unavailable });
    expect((await handler({ path: '/a' }, context)).statusCode).toBe(503);
    expect((await handler({ path: '/b' }, context)).statusCode).toBe(200);
    expect(counts.composed).toBe(2);
  });

  it('builds the ports once per container and composes on every invocation (a changed secret is picked up)', async () => {
    const { definition, counts } = fakeDefinition(failures);
    const handler = lambdaHandler(definition, makeHandler);
    for (const path of ['/a', '/b', '/c']) await handler({ path }, context);
    expect(counts).toEqual({ tableBuilt: 1, composed: 3 });
  });

  it('answers with onInitError when the environment lacks a variable, naming it', async () => {
    const stage = process.env[FunctionEnv.stage];
    delete process.env[FunctionEnv.stage];
    try {
      const { definition, counts } = fakeDefinition(failures);
      const handler = lambdaHandler(definition, makeHandler, { onInitError: unavailable });
      expect(await handler({ path: '/subscribe' }, context)).toEqual({ statusCode: 503, body: expect.stringContaining('STAGE') });
      expect(counts.composed).toBe(0);
    } finally {
      process.env[FunctionEnv.stage] = stage;
    }
  });

  it('with metrics, writes one EMF line after an invocation that added metrics, and nothing after one that added none', async () => {
    const { definition } = fakeDefinition(failures);
    const counting = (_deps: unknown, ports: { metrics: { addMetric(name: string, unit: 'Count', value: number): void } }) => async (event: { count: number }) => {
      if (event.count > 0) ports.metrics.addMetric('Polls', 'Count', event.count);
      return event.count;
    };
    const handler = lambdaHandler(definition, counting, { metrics: true });
    const written: string[] = [];
    const streams = [process.stdout, process.stderr];
    const originals = streams.map((stream) => stream.write);
    for (const stream of streams) stream.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof stream.write;
    try {
      await handler({ count: 0 }, context);
      expect(written).toEqual([]);
      await handler({ count: 3 }, context);
      expect(written).toHaveLength(1);
      expect(JSON.parse(written[0]!)).toMatchObject({ Polls: 3, service: 'ses-events', _aws: { CloudWatchMetrics: [{ Namespace: 'newshound', Metrics: [{ Name: 'Polls', Unit: 'Count' }] }] } });
      await handler({ count: 0 }, context);
      expect(written).toHaveLength(1);
    } finally {
      streams.forEach((stream, i) => (stream.write = originals[i]!));
    }
  });
});
