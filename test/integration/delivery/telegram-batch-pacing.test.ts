/**
 * send-telegram as Lambda runs it (the product's composition, makeHandler and sqsConsumer), one batch of the event
 * source on one container, against the Telegram stand-in that enforces the limits: short pacing waits between the
 * batch's sends are waited out in the invocation (no re-queue); a second message to the same chat still re-queues
 * (per chat 1/s), as does any wait when the invocation has too little time left. One manual clock drives the pacer,
 * the stand-in's limiter and the sleeping, so nothing waits in real time.
 */
import { LabelStories } from '../../support/label-stories.js';
import { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageCommand, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/send-telegram/handler.js';
import { sampleConfig } from '../../../infra/config/index.js';
import { startTelegramStandIn, type TelegramStandIn } from '../../../infra/local/telegram-stand-in.js';
import { MemorySendPacer } from '../../../shared/adapters/memory/memory-send-pacer.js';
import { TelegramBotClient } from '../../../shared/adapters/telegram/telegram-bot-client.js';
import type { DeliveryRequested } from '../../../shared/domain/messages.js';
import { sendTelegramDefinition } from '../../../shared/runtime/composition/send-telegram.js';
import { sqsConsumer } from '../../../shared/runtime/sqs-consumer.js';
import { anArticle, aSubscriber } from '../../support/factories.js';
import { ManualClock, manualSleep } from '../../support/manual-clock.js';
import { MemoryEventSourceSwitch } from '../../support/memory-sender-halts.js';
import { composeWith, memoryTable } from '../../support/test-ports.js';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/telegram';
const BOT_TOKEN = '123456:batch-pacing-test-token';
const clock = new ManualClock();
let standIn: TelegramStandIn;

beforeAll(async () => {
  standIn = await startTelegramStandIn({ botToken: BOT_TOKEN, now: () => clock.now().getTime() });
});
afterAll(() => standIn.close());

/** One container of send-telegram with `chats` subscribers and two articles; `invoke` hands it one batch. */
async function container(chats: number) {
  const table = memoryTable(clock);
  const articles = [anArticle({ title: 'CSTO leaders meet' }), anArticle({ title: 'CSTO drills end' })];
  for (const a of articles) await table.articles.putIfAbsent(a);
  for (let i = 0; i < chats; i++) await table.subscribers.put(aSubscriber({ id: `tg${i}`, telegramChatId: String(7000 + i), channels: ['telegram'], topics: ['csto'] }));
  const telegram = (token: string) => new TelegramBotClient({ botToken: token, apiBase: standIn.url });
  const deps = await composeWith(sendTelegramDefinition, {
    config: sampleConfig(),
    clock,
    secrets: { signingKey: 'signing-key-for-batch-pacing-tests-0123456789', telegramBotToken: BOT_TOKEN },
    world: { stories: new LabelStories(), table, telegram, pacer: new MemorySendPacer(), sleep: manualSleep(clock), eventSource: new MemoryEventSourceSwitch() },
  });
  const requeued: SendMessageCommandInput[] = [];
  const sqs = { send: async (command: SendMessageCommand) => (requeued.push(command.input), {}) };
  const consume = sqsConsumer<DeliveryRequested>({ sqs: sqs as never, queueUrl: QUEUE_URL, dlqUrl: `${QUEUE_URL}-dlq`, logger: new Logger({ logLevel: 'SILENT' }), now: () => clock.now().getTime() });
  const message = (subscriber: number, article = 0): DeliveryRequested => ({ subscriberId: `tg${subscriber}`, channel: 'telegram', articleId: articles[article]!.id, matches: [{ topicId: 'csto', terms: [] }] });
  const invoke = async (bodies: DeliveryRequested[], remainingMs = 30_000) => {
    const event: SQSEvent = {
      Records: bodies.map((body, i) => ({
        messageId: `m${i}`,
        receiptHandle: `r${i}`,
        body: JSON.stringify(body),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:telegram',
        awsRegion: 'us-east-1',
      })),
    };
    const context = { functionName: 'send-telegram', awsRequestId: 'request-1', getRemainingTimeInMillis: () => remainingMs } as unknown as Context;
    return consume(event, context, makeHandler(deps));
  };
  return { invoke, message, requeued };
}

const chatsSentSince = (from: number) => standIn.sent().slice(from).map((m) => m.chatId);

describe('send-telegram paces a batch inside the invocation', () => {
  it('sends a batch of 10 to 10 chats in one invocation, with no re-queue and no 429', async () => {
    const { invoke, message, requeued } = await container(10);
    const before = standIn.sent().length;
    const result = await invoke(Array.from({ length: 10 }, (_, i) => message(i)));
    expect(result.batchItemFailures).toEqual([]);
    expect(requeued).toEqual([]);
    expect(chatsSentSince(before).sort()).toEqual(Array.from({ length: 10 }, (_, i) => String(7000 + i)).sort());
    expect(standIn.rejected()).toEqual([]);
  });

  it('re-queues a second message to the same chat (1/s per chat) and sends the rest', async () => {
    const { invoke, message, requeued } = await container(3);
    clock.advance({ seconds: 5 });
    const before = standIn.sent().length;
    const result = await invoke([message(0, 0), message(1, 0), message(0, 1), message(2, 0)]);
    expect(result.batchItemFailures).toEqual([]);
    expect(requeued).toHaveLength(1);
    expect(JSON.parse(requeued[0]!.MessageBody!)).toEqual(message(0, 1));
    expect(requeued[0]!.DelaySeconds).toBeGreaterThanOrEqual(1);
    expect(chatsSentSince(before).sort()).toEqual(['7000', '7001', '7002']);
    expect(standIn.rejected()).toEqual([]);
  });

  it('re-queues instead of waiting when the invocation has too little time left', async () => {
    const { invoke, message, requeued } = await container(3);
    clock.advance({ seconds: 5 });
    const before = standIn.sent().length;
    await invoke([message(0), message(1), message(2)], 10_000);
    expect(chatsSentSince(before)).toHaveLength(1);
    expect(requeued).toHaveLength(2);
  });
});
