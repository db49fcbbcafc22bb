/**
 * The admin commands against the local topology, as an admin runs them against a deployed stack: `newshound doctor`,
 * `dlq`, `telegram set-webhook` and `poll` find the stage's stacks in (local) CloudFormation and talk to the local
 * AWS APIs through the gateway with the local administrator's key, and to the Telegram stand-in. Things are broken
 * through the same APIs an admin (or AWS) would change them with, where such an API exists.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetScheduleCommand, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import { ListSubscriptionsByTopicCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as dlq } from '../../cli/commands/dlq.js';
import { run as doctor } from '../../cli/commands/doctor.js';
import { run as poll } from '../../cli/commands/poll.js';
import { run as telegram } from '../../cli/commands/telegram.js';
import { snsEvent } from '../../infra/local/aws/lambda-service.js';
import { LOCAL_ADMIN } from '../../infra/local/aws/local-manifest.js';
import { LOCAL_REGION } from '../../infra/local/aws/local-deployment.js';
import { TelegramBotAdmin } from '../../shared/adapters/telegram/telegram-bot-admin.js';
import { telegramWebhookSecret } from '../../shared/domain/subscription/telegram-webhook-secret.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { runCommand } from '../integration/topics-cli/capture.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const DAY_MS = 24 * 3600 * 1000;

const wireXml = rssFeed({ title: 'Wire', items: [{ title: 'CSTO leaders meet in Minsk', link: 'https://wire.example/csto', id: 'w-1' }] });
const otherXml = rssFeed({ title: 'Other', items: [{ title: 'Weather', link: 'https://other.example/weather', id: 'o-1' }] });

let system: TestSystem;
let feeds: Awaited<ReturnType<typeof startFeedServer>>;
let admin: { sqs: SQSClient; sns: SNSClient; scheduler: SchedulerClient; ssm: SSMClient };

beforeAll(async () => {
  feeds = await startFeedServer({ '/wire.xml': { body: wireXml }, '/other.xml': { body: otherXml } });
  system = await startTestSystem({
    config: testStage({
      feeds: [
        { id: 'wire', url: `${feeds.url}/wire.xml` },
        { id: 'other', url: `${feeds.url}/other.xml` },
      ],
    }),
  });
  // Queues consumed as deployed; the schedules stay still so the test decides when feeds are polled.
  system.cloud.lambda.start({ schedules: false });
  const config = { region: LOCAL_REGION, endpoint: system.cloud.urls.gateway, credentials: { ...LOCAL_ADMIN } };
  admin = { sqs: new SQSClient(config), sns: new SNSClient(config), scheduler: new SchedulerClient(config), ssm: new SSMClient(config) };
});
afterAll(async () => {
  for (const client of Object.values(admin ?? {})) client.destroy();
  await system?.stop();
  await feeds?.close();
});

const local = () => ['--local', system.dataDir];
const botTokenParameter = () => system.cloud.secretParameter('telegramBotToken');
const botToken = () => system.cloud.parameters.value(botTokenParameter())!;
/** What the admin's `newshound secret set` does, with the admin's credentials (LOCAL_ADMIN) through the gateway. */
const putBotToken = (value: string) => admin.ssm.send(new PutParameterCommand({ Name: botTokenParameter(), Value: value, Type: 'SecureString', Overwrite: true }));
const queueUrl = (logicalPrefix: string) => system.cloud.deployment.queues.find((q) => q.logicalId.startsWith(logicalPrefix))!.url;
const bot = () => new TelegramBotAdmin({ botToken: botToken(), apiBase: system.telegram.url });

interface JsonReport {
  ok: boolean;
  needsAction: string[];
  checks: { id: string; status: string; detail: string; items?: string[]; fix?: string }[];
}

async function runDoctor() {
  const plain = await runCommand(doctor, local());
  const json = await runCommand(doctor, [...local(), '--json']);
  if (process.env.NEWSHOUND_SHOW_REPORTS) console.log(`$ newshound doctor --local <data>\n${plain.stdout}\n(exit ${plain.code})\n`);
  return { plain, code: json.code, report: JSON.parse(json.stdout) as JsonReport };
}

describe('newshound doctor on the local topology', () => {
  it('finds a fresh topology ready, then names each broken thing with its fix and exits 1', { timeout: 180_000 }, async () => {
    const fresh = await runDoctor();
    expect(fresh.report.needsAction).toEqual([]);
    expect(fresh.code).toBe(0);
    expect(fresh.report.checks.map((c) => c.id)).toEqual(['ses-sender', 'ses-account', 'telegram-token', 'telegram-webhook', 'alarm-subscribers', 'schedules', 'dead-letters', 'feeds', 'lambda-concurrency']);
    expect(fresh.plain.stdout).toMatch(/ok +SES sender +alerts@newshound\.test may send: the identity (alerts@)?newshound\.test is verified/);
    expect(fresh.plain.stdout).toMatch(/ok +Alarm subscribers +ops@newshound\.local \(email\) receives the alarms/);

    // SES: only the sender's domain as an identity, back to pending; the account in the sandbox.
    system.cloud.sesAccount.identities.delete('alerts@newshound.test');
    system.cloud.sesAccount.identities.set('newshound.test', 'PENDING');
    system.cloud.sesAccount.productionAccess = false;
    // Telegram: the webhook deleted.
    expect(await bot().deleteWebhook()).toMatchObject({ ok: true });
    // Alarms: the subscription removed.
    const topic = system.cloud.deployment.topics.find((t) => t.logicalId.startsWith('Alarms'))!.arn;
    for (const s of (await admin.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions ?? []) {
      await admin.sns.send(new UnsubscribeCommand({ SubscriptionArn: s.SubscriptionArn! }));
    }
    // A schedule disabled, as in the console.
    const scheduleName = system.cloud.deployment.schedules.find((s) => s.logicalId.startsWith('DispatchPolls'))!.name;
    const schedule = await admin.scheduler.send(new GetScheduleCommand({ Name: scheduleName }));
    await admin.scheduler.send(new UpdateScheduleCommand({ Name: scheduleName, State: 'DISABLED', ScheduleExpression: schedule.ScheduleExpression!, FlexibleTimeWindow: schedule.FlexibleTimeWindow!, Target: schedule.Target! }));
    // A dead letter parked by the publish consumer (with its reason, as sqsConsumer parks).
    await admin.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('PublishQueueDlq'), MessageBody: '{"topicIds":["csto"]}', MessageAttributes: { reason: { DataType: 'String', StringValue: 'failed on 5 receives: S3 SlowDown' } } }));
    // A feed whose last success was two days ago, failing since.
    const now = Date.now();
    await system.context.stores.feedStates.put({
      feedId: 'other',
      url: `${feeds.url}/other.xml`,
      consecutiveFailures: 31,
      itemsSeen: 1,
      lastSuccessAt: new Date(now - 2 * DAY_MS).toISOString(),
      lastErrorAt: new Date(now - 60_000).toISOString(),
      lastError: 'HTTP 503 Service Unavailable',
      lastStatus: '503',
    });
    // The account's concurrency quota of a new account.
    system.cloud.lambda.accountConcurrency = 10;

    const broken = await runDoctor();
    expect(broken.code).toBe(1);
    expect(broken.plain.code).toBe(1);
    expect(broken.report.needsAction).toEqual(['ses-sender', 'ses-account', 'telegram-webhook', 'alarm-subscribers', 'schedules', 'dead-letters', 'feeds', 'lambda-concurrency']);
    const check = (id: string) => broken.report.checks.find((c) => c.id === id)!;
    expect(check('ses-sender')).toMatchObject({ detail: expect.stringContaining('newshound.test: PENDING'), fix: expect.stringContaining('publish the three DKIM CNAME records of newshound.test') });
    expect(check('ses-account')).toMatchObject({ detail: expect.stringContaining('sandbox'), fix: expect.stringContaining('Request production access') });
    expect(check('telegram-token')).toMatchObject({ status: 'ok' });
    expect(check('telegram-webhook')).toMatchObject({ detail: expect.stringContaining('no webhook registered'), fix: 'newshound telegram set-webhook' });
    expect(check('alarm-subscribers')).toMatchObject({ detail: expect.stringContaining('no subscriber'), fix: expect.stringContaining(`aws sns subscribe --topic-arn ${topic}`) });
    expect(check('schedules')).toMatchObject({ detail: '1 of 6 schedules disabled', items: [expect.stringContaining(scheduleName)], fix: expect.stringContaining('Enable') });
    expect(check('dead-letters')).toMatchObject({ items: ['publish: 1'], fix: expect.stringContaining('newshound dlq show publish') });
    expect(check('feeds')).toMatchObject({ items: [expect.stringMatching(/^other failing since .* \(31 failures, .*\): HTTP 503/)], fix: expect.stringContaining('newshound poll other') });
    expect(check('lambda-concurrency')).toMatchObject({ detail: expect.stringMatching(/\b10\b/) });
    // The plain report says the same, with a fix under each check that needs action.
    expect(broken.plain.stdout).toMatch(/ACTION +Telegram webhook +no webhook registered.*\n +fix: newshound telegram set-webhook/);
    expect(broken.plain.stdout).toMatch(/8 of 9 checks need action\.$/);

    // The webhook registered to another URL (an earlier deployment's, say); an alarm subscriber who has not confirmed.
    const hook = system.cloud.deployment.outputs.TelegramWebhookUrl!;
    expect(await bot().setWebhook({ url: 'https://old.example/telegram/webhook', secretToken: 'old-secret', allowedUpdates: ['message'] })).toMatchObject({ ok: true });
    await admin.sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'oncall@newshound.test' }));
    const elsewhere = await runDoctor();
    expect(elsewhere.report.checks.find((c) => c.id === 'telegram-webhook')).toMatchObject({ status: 'action', detail: `registered to https://old.example/telegram/webhook, not to the stack's ${hook}`, fix: 'newshound telegram set-webhook' });
    expect(elsewhere.report.checks.find((c) => c.id === 'alarm-subscribers')).toMatchObject({
      status: 'action',
      detail: 'nobody receives the alarms yet: oncall@newshound.test (email) has not confirmed',
      fix: expect.stringContaining('Confirm subscription'),
    });
    // Only the address as an identity, not yet verified; then no identity at all.
    system.cloud.sesAccount.identities.delete('newshound.test');
    system.cloud.sesAccount.identities.set('alerts@newshound.test', 'PENDING');
    const addressPending = await runDoctor();
    expect(addressPending.report.checks.find((c) => c.id === 'ses-sender')).toMatchObject({ detail: expect.stringContaining('alerts@newshound.test: PENDING'), fix: expect.stringContaining('the verification email SES sent to alerts@newshound.test') });
    system.cloud.sesAccount.identities.delete('alerts@newshound.test');
    const noIdentity = await runDoctor();
    expect(noIdentity.report.checks.find((c) => c.id === 'ses-sender')).toMatchObject({
      detail: 'no SES identity covers alerts@newshound.test: neither the address nor newshound.test is an identity',
      fix: expect.stringContaining('aws sesv2 create-email-identity --email-identity newshound.test'),
    });
    // Our URL, but registered with a stale secret token: the function refuses Telegram's deliveries and they wait.
    expect(await bot().setWebhook({ url: hook, secretToken: 'stale-secret', allowedUpdates: ['message'] })).toMatchObject({ ok: true });
    const update = { update_id: 7, message: { message_id: 7, date: 0, chat: { id: 9001, type: 'private' }, text: '/topics' } };
    expect(await system.telegram.deliverUpdate(update)).toMatchObject({ status: 401 });
    const refusing = await runDoctor();
    expect(refusing.report.checks.find((c) => c.id === 'telegram-webhook')).toMatchObject({
      status: 'action',
      detail: expect.stringMatching(/^registered, but Telegram cannot deliver: 1 update waiting, last failure at \S+: Wrong response from the webhook: 401 Unauthorized$/),
      fix: expect.stringContaining('newshound telegram set-webhook'),
    });
    // The fix the report names puts the webhook right, and deliveries go through.
    expect((await runCommand(telegram, ['set-webhook', ...local()])).code).toBe(0);
    expect(await system.telegram.deliverUpdate(update)).toMatchObject({ status: 200 });

    // The bot token: unset (its parameter absent, as after a fresh deploy), not a token, then a token Telegram refuses.
    const token = botToken();
    const stage = system.context.config.stage;
    const setIt = `newshound secret set telegram-bot-token --stage ${stage} < <file holding the token from @BotFather>`;
    await admin.ssm.send(new DeleteParameterCommand({ Name: botTokenParameter() }));
    const unset = await runDoctor();
    expect(unset.report.checks.find((c) => c.id === 'telegram-token')).toMatchObject({
      status: 'action',
      detail: expect.stringContaining(`the bot token is not set (${botTokenParameter()} does not exist yet)`),
      fix: setIt,
    });
    // set-webhook without a token: exit 1, what to set first.
    expect(await runCommand(telegram, ['set-webhook', ...local()])).toMatchObject({ code: 1, stdout: expect.stringContaining(`the bot token is not set (${botTokenParameter()} does not exist yet); set the token first: ${setIt}`) });
    await putBotToken('paste-the-token-here');
    const placeholder = await runDoctor();
    expect(placeholder.report.checks.find((c) => c.id === 'telegram-token')).toMatchObject({ status: 'action', detail: expect.stringContaining('holds no bot token'), fix: setIt });
    await putBotToken('123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const refused = await runDoctor();
    expect(refused.report.checks.find((c) => c.id === 'telegram-token')).toMatchObject({ status: 'action', detail: expect.stringContaining('Telegram refused the bot token (401') });
    for (const report of [unset, placeholder, refused]) expect(report.plain.stdout).not.toContain(token);
    await putBotToken(token);
    system.cloud.sesAccount.identities.set('newshound.test', 'SUCCESS');
    system.cloud.sesAccount.productionAccess = true;
    system.cloud.lambda.accountConcurrency = 1000;
    // Put right, they are ok again; what was not put right still needs action.
    const mended = await runDoctor();
    expect(mended.report.needsAction).toEqual(['alarm-subscribers', 'schedules', 'dead-letters', 'feeds']);
    expect(mended.report.checks.find((c) => c.id === 'telegram-webhook')).toMatchObject({ status: 'ok', detail: `registered at ${hook}` });
    expectOnlyAllowedCalls(system);
  });
});

describe('newshound dlq on the local topology', () => {
  it('shows each parked message with its reason; redrive puts them back and they are processed', { timeout: 180_000 }, async () => {
    // A poll parked by poll-feed (its reason as sqsConsumer records it), and an SES event Lambda gave up on.
    await admin.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl('PollQueueDlq'), MessageBody: JSON.stringify({ feedId: 'wire', force: true }), MessageAttributes: { reason: { DataType: 'String', StringValue: 'failed on 5 receives: connect ETIMEDOUT' } } }),
    );
    const sesTopic = system.cloud.deployment.topics.find((t) => t.logicalId.startsWith('SesEvents'))!.arn;
    const bounce = { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'gone@example.org' }], timestamp: new Date().toISOString() }, mail: { messageId: 'm-1' } };
    await admin.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl('AsyncFailuresDlq'),
        MessageBody: JSON.stringify(snsEvent(sesTopic, JSON.stringify(bounce))),
        MessageAttributes: {
          RequestID: { DataType: 'String', StringValue: 'req-1' },
          ErrorCode: { DataType: 'Number', StringValue: '200' },
          ErrorMessage: { DataType: 'String', StringValue: 'ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput' },
        },
      }),
    );

    // The status page lists the same dead letters with the same reasons.
    const status = (await (await fetch(`${system.context.urls.app}/status.json`)).json()) as { deadLetters: { queue: string; reason: string }[] };
    expect(status.deadLetters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ queue: 'poll', reason: expect.stringContaining('failed on 5 receives: connect ETIMEDOUT') }),
        expect.objectContaining({ queue: 'async-failures', reason: 'ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput' }),
      ]),
    );

    const list = await runCommand(dlq, ['list', ...local(), '--json']);
    expect(list.code).toBe(1);
    const waiting = Object.fromEntries((JSON.parse(list.stdout) as { queues: { queue: string; waiting: number }[] }).queues.map((q) => [q.queue, q.waiting]));
    expect(waiting).toMatchObject({ poll: 1, 'async-failures': 1 });

    const shown = await runCommand(dlq, ['show', 'poll', ...local()]);
    expect(shown.code).toBe(1);
    expect(shown.stdout).toMatch(/reason: failed on 5 receives: connect ETIMEDOUT\n +body: +\{"feedId":"wire","force":true\}/);
    const async = JSON.parse((await runCommand(dlq, ['show', 'async-failures', ...local(), '--json'])).stdout) as { messages: { reason: string; body: unknown }[] };
    expect(async.messages).toEqual([expect.objectContaining({ reason: expect.stringContaining('ProvisionedThroughputExceededException'), body: expect.objectContaining({ Records: [expect.objectContaining({ EventSource: 'aws:sns' })] }) })]);

    const pollsBefore = (await system.context.stores.feedStates.get('wire'))?.pollNumber ?? 0;
    const redriven = await runCommand(dlq, ['redrive', 'poll', ...local()]);
    expect(redriven).toMatchObject({ code: 0, stdout: 'poll: 1 message back to the poll queue (send to the work queue), 0 left in the dead-letter queue' });
    const reinvoked = await runCommand(dlq, ['redrive', 'async-failures', ...local()]);
    expect(reinvoked).toMatchObject({ code: 0, stdout: expect.stringContaining('1 message back to the functions that failed (invoke the function)') });
    await system.cloud.lambda.drain(60);
    // Processed: the poll ran, the bounce suppressed its address; nothing parked again.
    expect((await system.context.stores.feedStates.get('wire'))?.pollNumber).toBeGreaterThan(pollsBefore);
    expect(await system.context.stores.suppressions.get('gone@example.org')).toMatchObject({ reason: 'bounce' });
    const after = Object.fromEntries((JSON.parse((await runCommand(dlq, ['list', ...local(), '--json'])).stdout) as { queues: { queue: string; waiting: number }[] }).queues.map((q) => [q.queue, q.waiting]));
    expect(after).toMatchObject({ poll: 0, 'async-failures': 0 });

    expect(await runCommand(dlq, ['show', 'nowhere', ...local()])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^newshound dlq: unknown queue "nowhere"; dead-letter queues: poll, fan-out, email, telegram, webhook, publish, async-failures$/) });
    expectOnlyAllowedCalls(system);
  });
});

describe('newshound telegram set-webhook and poll on the local topology', () => {
  it("registers the stack's webhook URL with its secret token, printing neither secret", { timeout: 60_000 }, async () => {
    expect(await bot().deleteWebhook()).toMatchObject({ ok: true });
    const set = await runCommand(telegram, ['set-webhook', ...local()]);
    expect(set.code).toBe(0);
    const url = system.cloud.deployment.outputs.TelegramWebhookUrl!;
    expect(set.stdout).toBe(`registered ${url} with the stack's secret token (updates: message, my_chat_member)`);
    // The secret_token the telegram-webhook function checks: derived from the bot token, stored nowhere.
    expect(system.telegram.webhook()).toMatchObject({ url, secretToken: telegramWebhookSecret(botToken()), allowedUpdates: ['message', 'my_chat_member'] });
    for (const secret of [telegramWebhookSecret(botToken()), botToken()]) expect(set.stdout + set.stderr).not.toContain(secret);
    const json = await runCommand(telegram, ['set-webhook', ...local(), '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, message: set.stdout, url, allowedUpdates: ['message', 'my_chat_member'] });
    // Telegram's updates now reach the bot, with the secret the function checks.
    const answer = await system.telegram.deliverUpdate({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 9001, type: 'private' }, text: '/topics' } });
    expect(answer?.status).toBe(200);
  });

  it('polls a feed now and reports the outcome; an unknown feed is one line and exit 2', { timeout: 120_000 }, async () => {
    const polled = await runCommand(poll, ['wire', ...local()]);
    expect(polled.code).toBe(0);
    expect(polled.stdout).toMatch(/^wire: polled \(poll \d+\) at \S+: (HTTP 200|304 not modified), /);
    const json = await runCommand(poll, ['wire', ...local(), '--json']);
    expect(json.code).toBe(0);
    const outcome = JSON.parse(json.stdout) as { feedId: string; ok: boolean; message: string; state: { pollNumber: number; consecutiveFailures: number } };
    expect(outcome).toMatchObject({ feedId: 'wire', ok: true, message: expect.stringMatching(/^wire: polled/), state: { consecutiveFailures: 0 } });
    expect(outcome.message).toContain(`(poll ${outcome.state.pollNumber})`);

    delete feeds.files['/other.xml'];
    const failed = await runCommand(poll, ['other', ...local()]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^other: poll \d+ failed \(404\)/);

    expect(await runCommand(poll, ['nope', ...local()])).toEqual({ code: 2, stdout: '', stderr: 'newshound poll: unknown feed "nope"; configured feeds: wire, other' });
  });
});

describe('when the deployment cannot be reached', () => {
  it('a stack that does not exist: one line, exit 2', async () => {
    expect(await runCommand(doctor, [...local(), '--stage', 'nope'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `newshound doctor: stack Newshound-nope-Stateful does not exist in ${LOCAL_REGION}: deploy it (npx cdk deploy --all), or name the deployed one with --stage or --stack`,
    });
    expect(await runCommand(dlq, ['list', '--local', path.join(system.dataDir, 'missing')])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^newshound dlq: no local runtime in \S+missing: [^\n]+$/) });
  });

  it('missing credentials, and credentials AWS refuses: one line, exit 2', { timeout: 120_000 }, async () => {
    const bare = { PATH: process.env.PATH, HOME: system.dataDir, AWS_CONFIG_FILE: path.join(system.dataDir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(system.dataDir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' };
    const cli = (args: string[], env: Record<string, string | undefined>) =>
      promisify(execFile)(tsx, ['cli/main.ts', ...args], { cwd: root, env, timeout: 60_000 }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    // Should the SDK send anything without credentials, it goes to a closed loopback port, not to AWS.
    const missing = await cli(['doctor', '--region', 'eu-west-1'], { ...bare, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^newshound doctor: no AWS credentials found: /)]);

    const refused = await cli(['poll', 'wire', '--stage', 'local'], { ...bare, AWS_REGION: LOCAL_REGION, AWS_ENDPOINT_URL: system.cloud.urls.gateway, AWS_ACCESS_KEY_ID: 'AKIANOTAKEY', AWS_SECRET_ACCESS_KEY: 'x' });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^newshound poll: AWS refused the credentials \(InvalidClientTokenId\): /)]);
  });
});
