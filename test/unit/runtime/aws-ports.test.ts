/**
 * A function's ports in Lambda come from the environment the stack gives it: the names of environmentNames(name)
 * (test/infra/stacks.test.ts checks that the stack sets exactly those). Here: the runtime builds every function
 * from those and Lambda's own variables alone, and a missing one fails the cold start naming it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleConfig } from '../../../infra/config/index.js';
import { awsPorts } from '../../../shared/runtime/aws-ports.js';
import { BUNDLED_CONFIG_IDENTIFIER, bundledConfigDefine } from '../../../shared/runtime/lambda-config.js';
import type { FunctionDefinition, Ports } from '../../../shared/runtime/ports.js';
import { dispatchPollsDefinition } from '../../../shared/runtime/composition/dispatch-polls.js';
import { fanOutDefinition } from '../../../shared/runtime/composition/fan-out.js';
import { pollFeedDefinition } from '../../../shared/runtime/composition/poll-feed.js';
import { publishFeedsDefinition } from '../../../shared/runtime/composition/publish-feeds.js';
import { sendDigestsDefinition } from '../../../shared/runtime/composition/send-digests.js';
import { sendEmailDefinition } from '../../../shared/runtime/composition/send-email.js';
import { sendTelegramDefinition } from '../../../shared/runtime/composition/send-telegram.js';
import { sendWebhookDefinition } from '../../../shared/runtime/composition/send-webhook.js';
import { sesEventsDefinition } from '../../../shared/runtime/composition/ses-events.js';
import { subscriptionsDefinition } from '../../../shared/runtime/composition/subscriptions.js';
import { sweepOutboxDefinition } from '../../../shared/runtime/composition/sweep-outbox.js';
import { telegramWebhookDefinition } from '../../../shared/runtime/composition/telegram-webhook.js';
import { environmentNames, FunctionEnv } from '../../../shared/topology/environment.js';
import { type FunctionName, sendsOf } from '../../../shared/topology/functions.js';
import { QUEUE_NAMES, type QueueName } from '../../../shared/topology/queues.js';

type AnyDefinition = FunctionDefinition<FunctionName, never, unknown>;
const DEFINITIONS = [
  dispatchPollsDefinition,
  pollFeedDefinition,
  fanOutDefinition,
  sendEmailDefinition,
  sendTelegramDefinition,
  sendWebhookDefinition,
  publishFeedsDefinition,
  sendDigestsDefinition,
  subscriptionsDefinition,
  telegramWebhookDefinition,
  sesEventsDefinition,
  sweepOutboxDefinition,
] as unknown as AnyDefinition[];

/** Lambda's own variables a function may read (the event source switch finds its mapping by the function's name). */
const LAMBDA_ENV = { AWS_REGION: 'eu-central-1', AWS_LAMBDA_FUNCTION_NAME: 'Newshound-prod-Stateless-Function' };

/** A plausible value for each variable the stack sets. */
function valueOf(variable: string): string {
  if (variable.endsWith('_QUEUE_URL') || variable.endsWith('_DLQ_URL')) return `https://sqs.eu-central-1.amazonaws.com/123456789012/${variable.toLowerCase()}`;
  if (variable.endsWith('_PARAMETER')) return `/newshound/prod/${variable.replace(/_PARAMETER$/, '').toLowerCase().replace(/_/g, '-')}`;
  const values: Record<string, string> = {
    [FunctionEnv.stage]: 'prod',
    [FunctionEnv.publicBaseUrl]: 'https://news.example.org',
    [FunctionEnv.emailFrom]: 'alerts@news.example.org',
    [FunctionEnv.feedsBaseUrl]: 'https://d111111abcdef8.cloudfront.net',
  };
  return values[variable] ?? `${variable.toLowerCase()}-value`;
}

const stackEnvironment = (name: FunctionName): Record<string, string> => ({ ...LAMBDA_ENV, ...Object.fromEntries(environmentNames(name).map((v) => [v, valueOf(v)])) });
const observability = { logger: new Logger({ serviceName: 'aws-ports-test', logLevel: 'SILENT' }), metrics: new Metrics({ namespace: 'newshound' }) };
const build = (definition: AnyDefinition, env: Record<string, string>) => awsPorts(definition, observability, env) as unknown as Ports<FunctionName, never> & Record<string, unknown>;

const globals = globalThis as Record<string, unknown>;
beforeAll(() => {
  // What the bundler puts in each function: the config that synth validated.
  globals[BUNDLED_CONFIG_IDENTIFIER] = JSON.parse(bundledConfigDefine(sampleConfig()));
});
afterAll(() => {
  delete globals[BUNDLED_CONFIG_IDENTIFIER];
});

describe('awsPorts', () => {
  it.each(DEFINITIONS.map((d) => [d.name, d] as const))('builds %s from the stack environment alone, with every capability its definition names', (name, definition) => {
    const ports = build(definition, stackEnvironment(name));
    expect(ports).toMatchObject({ name, config: { stage: 'prod', publicBaseUrl: 'https://news.example.org', email: { from: 'alerts@news.example.org' } } });
    for (const capability of Object.keys(definition.aws.factories)) expect(ports[capability], capability).toBeDefined();
  });

  it.each(DEFINITIONS.map((d) => [d.name, d] as const))('hands %s the queues it may send to, and refuses others', (name, definition) => {
    const ports = build(definition, stackEnvironment(name));
    const queue = ports.queue as unknown as (queue: QueueName) => unknown;
    for (const allowed of sendsOf(name)) expect(queue(allowed), allowed).toBeDefined();
    for (const other of QUEUE_NAMES.filter((q) => !sendsOf(name).includes(q))) expect(() => queue(other), other).toThrow();
  });

  // The DLQ URL is read by the queue consumer on its first message; the config hash only tells deployments apart.
  const readAtColdStart = (name: FunctionName) => environmentNames(name).filter((v) => v !== FunctionEnv.configHash && !v.endsWith('_DLQ_URL'));
  it.each(DEFINITIONS.flatMap((d) => readAtColdStart(d.name).map((variable) => [d.name, variable, d] as const)))('fails %s at cold start without %s, naming it', (name, variable, definition) => {
    const env = stackEnvironment(name);
    delete env[variable];
    expect(() => build(definition, env)).toThrow(variable);
  });

  it('refuses a queue URL that is not a URL, naming the variable', () => {
    expect(() => build(sweepOutboxDefinition as unknown as AnyDefinition, { ...stackEnvironment('sweep-outbox'), FAN_OUT_QUEUE_URL: 'fan-out' })).toThrow(/FAN_OUT_QUEUE_URL: not a URL/);
  });

  it('fails a function that was bundled without the config plainly', () => {
    const bundled = globals[BUNDLED_CONFIG_IDENTIFIER];
    delete globals[BUNDLED_CONFIG_IDENTIFIER];
    try {
      expect(() => build(sesEventsDefinition as unknown as AnyDefinition, stackEnvironment('ses-events'))).toThrow(/no config was bundled/);
    } finally {
      globals[BUNDLED_CONFIG_IDENTIFIER] = bundled;
    }
  });
});
