/**
 * The deployed send-telegram handler (functions/send-telegram/handler.ts `handler`, built by queueConsumer over
 * awsPorts) in one container whose first read of its secrets fails (Parameter Store unreachable): the batch fails
 * (SQS delivers it again) and nothing is sent; once Parameter Store answers, the next invocation of the same container
 * delivers, without a restart, well within the secret cache's five minutes: a failed read is not cached. (A token
 * never set halts the sender instead: test/e2e/halted-senders.test.ts.) Parameter Store is the local stand-in, DynamoDB a local engine, Telegram the stand-in, all reached through the environment as in Lambda.
 */
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleConfig } from '../../../infra/config/index.js';
import { startParameterStore, type LocalParameterStore } from '../../../infra/local/aws/ssm-server.js';
import { startTelegramStandIn, type TelegramStandIn } from '../../../infra/local/telegram-stand-in.js';
import { dynamoStores } from '../../../shared/adapters/dynamodb/index.js';
import type { DeliveryRequested } from '../../../shared/domain/messages.js';
import { BUNDLED_CONFIG_IDENTIFIER, bundledConfigDefine } from '../../../shared/runtime/lambda-config.js';
import { environmentNames } from '../../../shared/topology/environment.js';
import { startTestDynamo } from '../../support/dynamodb.js';
import { startTestSqs } from '../../support/fauxqs.js';
import { anArticle, aSubscriber } from '../../support/factories.js';

const BOT_TOKEN = '100000:bot-token-set-after-the-first-read-0123';

let ssm: LocalParameterStore;
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let sqs: Awaited<ReturnType<typeof startTestSqs>>;
let telegram: TelegramStandIn;
let client: SSMClient | undefined;
let port: number;
const botTokenParameter = '/newshound/local/telegram-bot-token';
const signingKeyParameter = '/newshound/local/signing-key';
let event: SQSEvent;
const globals = globalThis as Record<string, unknown>;
const context = { functionName: 'send-telegram', awsRequestId: 'request-1', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

beforeAll(async () => {
  ssm = await startParameterStore();
  dynamo = await startTestDynamo();
  sqs = await startTestSqs();
  telegram = await startTelegramStandIn({ host: '127.0.0.1', port: 0 });
  // Started to learn a free port, then stopped: Parameter Store cannot be reached when the container starts.
  port = Number(new URL(ssm.url).port);
  await ssm.close();

  const table = await dynamo.freshTable();
  const stores = dynamoStores(dynamo.doc, table);
  const article = anArticle({ title: 'CSTO leaders meet in Minsk' });
  await stores.articles.putIfAbsent(article);
  await stores.subscribers.put(aSubscriber({ id: 'duty', telegramChatId: '4242', channels: ['telegram'] }));
  const message: DeliveryRequested = { subscriberId: 'duty', channel: 'telegram', articleId: article.id, matches: [{ topicId: 'csto', terms: [{ term: 'csto', field: 'title', snippet: 'CSTO leaders' }] }] };
  const queueUrl = await sqs.createQueue('telegram');
  event = {
    Records: [
      {
        messageId: 'm-1',
        receiptHandle: 'r-1',
        body: JSON.stringify(message),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:telegram',
        awsRegion: 'us-east-1',
      },
    ],
  };

  const env: Record<string, string> = {
    STAGE: 'local',
    PUBLIC_BASE_URL: 'http://127.0.0.1:8780',
    EMAIL_FROM: 'alerts@newshound.local',
    CONFIG_HASH: '0123456789abcdef',
    TABLE_NAME: table,
    SIGNING_KEY_PARAMETER: signingKeyParameter,
    TELEGRAM_BOT_TOKEN_PARAMETER: botTokenParameter,
    TELEGRAM_QUEUE_URL: queueUrl,
    TELEGRAM_DLQ_URL: await sqs.createQueue('telegram-dlq'),
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: 'send-telegram',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_MAX_ATTEMPTS: '1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SQS: queueUrl.replace(/\/000000000000\/.*$/, ''),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  // Exactly what the stack gives the function, plus Lambda's own variables.
  expect(environmentNames('send-telegram').every((name) => name in env)).toBe(true);
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  const config = sampleConfig({ stage: 'local', publicBaseUrl: env.PUBLIC_BASE_URL!, allowLoopback: true, delivery: { telegram: { apiBase: telegram.url } } });
  globals[BUNDLED_CONFIG_IDENTIFIER] = JSON.parse(bundledConfigDefine(config));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  delete globals[BUNDLED_CONFIG_IDENTIFIER];
  client?.destroy();
  await telegram?.close();
  await sqs?.close();
  await dynamo?.close();
  await ssm?.close();
});

describe('send-telegram without its bot token', () => {
  it('fails the batch and sends nothing, then delivers from the same container once Parameter Store answers', async () => {
    // The handler module is imported only once the environment is set, as Lambda loads it: one container.
    const { handler } = await import('../../../functions/send-telegram/handler.js');
    await expect(handler(event, context)).rejects.toThrow(/ECONNREFUSED|connect/);
    expect(telegram.sent()).toEqual([]);

    ssm = await startParameterStore({ port });
    client = new SSMClient({ endpoint: ssm.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new PutParameterCommand({ Name: signingKeyParameter, Value: 'signing-key-for-the-bot-token-test-0123456789', Type: 'SecureString' }));
    await client.send(new PutParameterCommand({ Name: botTokenParameter, Value: BOT_TOKEN, Type: 'SecureString' }));
    telegram.setBotToken(BOT_TOKEN);
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    expect(telegram.sent()).toEqual([expect.objectContaining({ chatId: '4242', text: expect.stringContaining('CSTO leaders meet in Minsk') })]);
  });
});
