/**
 * SQS-true failure semantics on the local topology: a sender whose provider refuses everything (SES sending paused,
 * a Telegram bot token refused) stops consuming its queue (the event source mapping is disabled), records why, and
 * leaves the backlog in the queue without burning receive counts or dead-lettering anything; once the cause is gone,
 * a resume starts the queue again and the alerts go out, once.
 */
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { run as secretCommand } from '../../cli/commands/secret.js';
import { runCycle } from '../../infra/local/cycle.js';
import { UNSET_BOT_TOKEN_REASON } from '../../shared/domain/delivery/bot-token.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { runCommand } from '../integration/topics-cli/capture.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const feedXml = rssFeed({
  title: 'Wire',
  items: [
    { title: 'CSTO leaders meet in Minsk', link: 'https://wire.example/csto', id: 'w-1' },
    { title: 'CSTO drills end', link: 'https://wire.example/drills', id: 'w-2' },
  ],
});

describe('a halted sender', () => {
  let system: TestSystem;
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;

  beforeEach(async () => {
    feeds = await startFeedServer({ '/wire.xml': { body: feedXml } });
    system = await startTestSystem({
      config: testStage({
        feeds: [{ id: 'wire', url: `${feeds.url}/wire.xml` }],
        subscribers: [
          { id: 'reader', email: 'reader@example.org', topics: ['csto'], channels: ['email'] },
          { id: 'officer', telegramChatId: '4242', topics: ['csto'], channels: ['telegram'] },
        ],
      }),
    });
  });
  afterEach(async () => {
    await system?.stop();
    await feeds?.close();
  });

  /** Invokes a sender as its resume schedule (or an admin) does; its answer. */
  const resume = async (fn: string, how: 'scheduled' | 'now') => {
    const result = await system.cloud.lambda.invoke(fn, { resume: how });
    if (!result.ok) throw new Error(`${fn}: ${result.error.errorMessage}`);
    return result.result;
  };
  const mapping = (fn: string) => system.cloud.deployment.eventSources.find((m) => m.functionArn === system.cloud.lambda.function(fn).arn)!;
  /** Messages of a queue by its construct name: `Email` is the email work queue, `EmailDlq` its dead-letter queue. */
  const queue = (name: string) => {
    const q = system.cloud.deployment.queues.find((x) => new RegExp(`^${name}Queue[0-9A-F]{8}$|^${name.replace(/Dlq$/, '')}QueueDlq[0-9A-F]{8}$`).test(x.logicalId) && x.logicalId.includes('Dlq') === name.endsWith('Dlq'))!;
    const m = system.cloud.fauxqs.inspectQueue(q.name)!.messages;
    return [...m.ready, ...m.delayed, ...m.inflight.map((i) => i.message)];
  };

  it('stops on SES SendingPaused, keeps its backlog without receives, and sends once resumed', { timeout: 120_000 }, async () => {
    system.cloud.sesAccount.sendingEnabled = false;
    const first = await runCycle(system);
    expect(first).toMatchObject({ emailsSent: 0, telegramSent: 2, parked: 0 });

    expect(mapping('send-email').enabled).toBe(false);
    const halt = await system.context.stores.senderHalts.get('send-email');
    expect(halt).toMatchObject({ reason: expect.stringContaining('AccountSendingPaused'), attempts: 1 });
    // The backlog waits in the queue as new messages: never received since, nothing dead-lettered.
    const waiting = queue('Email');
    expect(waiting).toHaveLength(2);
    expect(waiting.every((m) => m.approximateReceiveCount === 0)).toBe(true);
    expect(queue('EmailDlq')).toHaveLength(0);
    expect(system.context.logs.since(0).some((l) => l.function === 'send-email' && l.message === 'ALARM consumer halted')).toBe(true);

    // The scheduled check does not resume before the backoff; an admin's {"resume":"now"} does.
    expect(await resume('send-email', 'scheduled')).toEqual({ resume: 'waiting' });
    system.cloud.sesAccount.sendingEnabled = true;
    expect(await resume('send-email', 'now')).toEqual({ resume: 'resumed' });
    expect(mapping('send-email').enabled).toBe(true);
    await system.cloud.lambda.drain(60);
    expect(await system.emailsTo('reader@example.org')).toHaveLength(2);
    expect(queue('Email')).toHaveLength(0);
    // Healthy again: the halt record goes.
    expect(await resume('send-email', 'now')).toEqual({ resume: 'healthy' });
    expect(await system.context.stores.senderHalts.get('send-email')).toBeUndefined();

    const again = await runCycle(system);
    expect(again).toMatchObject({ emailsSent: 0, telegramSent: 0 });
    expectOnlyAllowedCalls(system);
  });

  it('stops when Telegram refuses the bot token, and resumes when the token is right again', { timeout: 120_000 }, async () => {
    const botToken = system.cloud.parameters.value(system.cloud.secretParameter('telegramBotToken'))!;
    system.telegram.setBotToken('999:a-token-the-bot-api-does-not-know');
    const first = await runCycle(system);
    expect(first).toMatchObject({ emailsSent: 2, telegramSent: 0, parked: 0 });
    expect(mapping('send-telegram').enabled).toBe(false);
    expect(await system.context.stores.senderHalts.get('send-telegram')).toMatchObject({ reason: expect.stringContaining('bot token rejected') });
    const waiting = queue('Telegram');
    expect(waiting).toHaveLength(2);
    expect(waiting.every((m) => m.approximateReceiveCount === 0)).toBe(true);
    expect(queue('TelegramDlq')).toHaveLength(0);

    system.telegram.setBotToken(botToken);
    expect(await resume('send-telegram', 'now')).toEqual({ resume: 'resumed' });
    await system.cloud.lambda.drain(60);
    expect(system.telegram.sent().map((m) => m.chatId)).toEqual(['4242', '4242']);
    expectOnlyAllowedCalls(system);
  });
});

describe('a Telegram sender before the admin has set the bot token', () => {
  let system: TestSystem;
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;

  beforeAll(async () => {
    // The admin's own credentials, for the CLI.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'admin');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'admin');
    feeds = await startFeedServer({ '/wire.xml': { body: feedXml } });
    system = await startTestSystem({
      botTokenUnset: true,
      config: testStage({
        feeds: [{ id: 'wire', url: `${feeds.url}/wire.xml` }],
        subscribers: [{ id: 'officer', telegramChatId: '4242', topics: ['csto'], channels: ['telegram'] }],
      }),
    });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await system?.stop();
    await feeds?.close();
  });

  it('halts naming the command that sets it, keeps the backlog, and sends once the token is set and it resumes', { timeout: 120_000 }, async () => {
    const parameter = system.cloud.secretParameter('telegramBotToken');
    expect(system.cloud.parameters.value(parameter)).toBeUndefined();
    const first = await runCycle(system);
    expect(first).toMatchObject({ telegramSent: 0, parked: 0 });
    const mapping = system.cloud.deployment.eventSources.find((m) => m.functionArn === system.cloud.lambda.function('send-telegram').arn)!;
    expect(mapping.enabled).toBe(false);
    expect(await system.context.stores.senderHalts.get('send-telegram')).toMatchObject({ reason: `telegram: ${UNSET_BOT_TOKEN_REASON}`, attempts: 1 });
    expect(UNSET_BOT_TOKEN_REASON).toContain('newshound secret set telegram-bot-token');
    expect(system.telegram.sent()).toEqual([]);

    // The admin's step, with the same command as in AWS, against the local Parameter Store.
    const token = '100000:set-by-the-admin-0123456789abcdef';
    const stored = await runCommand((argv) => secretCommand(argv, Readable.from([token])), ['set', 'telegram-bot-token', '--stage', system.context.config.stage, '--endpoint', system.cloud.urls.ssm, '--region', 'us-east-1']);
    expect(stored.code).toBe(0);
    system.telegram.setBotToken(token);
    const result = await system.cloud.lambda.invoke('send-telegram', { resume: 'now' });
    expect(result.ok && result.result).toEqual({ resume: 'resumed' });
    await system.cloud.lambda.drain(60);
    // Both items of the feed, once each.
    expect(system.telegram.sent().map((m) => m.chatId)).toEqual(['4242', '4242']);
    expectOnlyAllowedCalls(system);
  });
});
