/**
 * The deployed subscriptions handler (functions/subscriptions/handler.ts `handler`, built by lambdaHandler over awsPorts)
 * when its signing key cannot be read: a 503 page saying to come back, and the form again once Parameter Store answers,
 * from the same container; the key, never set by anyone, is then generated and stored. Parameter Store is the local
 * stand-in, reached through the environment as in Lambda.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleConfig } from '../../../infra/config/index.js';
import { startParameterStore, type LocalParameterStore } from '../../../infra/local/aws/ssm-server.js';
import { BUNDLED_CONFIG_IDENTIFIER, bundledConfigDefine } from '../../../shared/runtime/lambda-config.js';
import { environmentNames } from '../../../shared/topology/environment.js';

let ssm: LocalParameterStore;
let port: number;
const PARAMETER = '/newshound/prod/signing-key';
const globals = globalThis as Record<string, unknown>;
// The handler module is imported only once the environment is set, as Lambda loads it.
const getSubscribe = {
  version: '2.0',
  routeKey: 'GET /subscribe',
  rawPath: '/subscribe',
  rawQueryString: '',
  headers: { host: 'abc.execute-api.eu-central-1.amazonaws.com' },
  requestContext: { http: { method: 'GET', path: '/subscribe', protocol: 'HTTP/1.1', sourceIp: '198.51.100.20', userAgent: 'test' } },
  isBase64Encoded: false,
} as unknown as APIGatewayProxyEventV2;
const context = { functionName: 'subscriptions', awsRequestId: 'request-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

beforeAll(async () => {
  // Started to learn a free port, then stopped: Parameter Store is down when the container starts.
  ssm = await startParameterStore();
  port = Number(new URL(ssm.url).port);
  await ssm.close();
  const env: Record<string, string> = {
    STAGE: 'prod',
    PUBLIC_BASE_URL: 'https://news.example.org',
    EMAIL_FROM: 'alerts@news.example.org',
    CONFIG_HASH: '0123456789abcdef',
    TABLE_NAME: 'newshound-table',
    SES_CONFIGURATION_SET: 'newshound',
    SIGNING_KEY_PARAMETER: PARAMETER,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_MAX_ATTEMPTS: '1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  // Exactly what the stack gives the function, plus Lambda's own variables.
  expect(environmentNames('subscriptions').every((name) => name in env)).toBe(true);
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  globals[BUNDLED_CONFIG_IDENTIFIER] = JSON.parse(bundledConfigDefine(sampleConfig()));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  delete globals[BUNDLED_CONFIG_IDENTIFIER];
  await ssm?.close();
});

describe('subscriptions handler without its signing key', () => {
  it('answers 503 with a page and Retry-After, then serves the form once Parameter Store answers, generating the key', async () => {
    const { handler } = await import('../../../functions/subscriptions/handler.js');
    const down = await handler(getSubscribe, context);
    expect(down).toMatchObject({ statusCode: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '60' } });
    expect(down.body).toContain('Please try again in a minute.');

    ssm = await startParameterStore({ port });
    const up = await handler(getSubscribe, context);
    expect(up).toMatchObject({ statusCode: 200 });
    expect(up.body).toContain('Get news alerts by email');
    expect(ssm.value(PARAMETER)).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });
});
