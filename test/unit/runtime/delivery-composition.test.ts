/**
 * The send-<channel> compositions (shared/runtime/composition/delivery.ts): each sender gets its own channel's
 * adapter and a stand-in for the others that names the wiring bug, the signing key for links, a webhook key
 * derived from it, and its share of the bot's Telegram rate.
 */
import { describe, expect, it } from 'vitest';
import { sampleConfig } from '../../../infra/config/index.js';
import type { Channel } from '../../../shared/domain/subscriber.js';
import type { Mailer, TelegramClient, WebhookClient } from '../../../shared/ports/senders.js';
import { webhookSigningKey } from '../../../shared/runtime/composition/delivery.js';
import { sendEmailDefinition } from '../../../shared/runtime/composition/send-email.js';
import { sendTelegramDefinition } from '../../../shared/runtime/composition/send-telegram.js';
import { sendWebhookDefinition } from '../../../shared/runtime/composition/send-webhook.js';
import { queueTriggerOf } from '../../../shared/topology/functions.js';
import { deliverAlert, type DeliverAlertDeps } from '../../../shared/usecases/deliver-alert.js';
import { anArticle, aSubscriber } from '../../support/factories.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryEventSourceSwitch } from '../../support/memory-sender-halts.js';
import { composeWith, memoryTable } from '../../support/test-ports.js';
import { MemorySendPacer } from '../../../shared/adapters/memory/memory-send-pacer.js';

const SIGNING_KEY = 'signing-key-for-composition-tests-0123456789';
const BOT_TOKEN = '123456:composition-test-token';

const mailer: Mailer = { send: async () => ({ messageId: 'ses-1' }) };
const telegram: TelegramClient = { sendMessage: async () => ({ messageId: 1 }) };
const webhooks: WebhookClient = { post: async () => ({ httpStatus: 200 }) };

/** Each sender's deps, composed by its definition from memory parts. */
async function composed(channel: Channel, config = sampleConfig()) {
  const clock = new ManualClock();
  const table = memoryTable(clock);
  const secrets = { signingKey: SIGNING_KEY, telegramBotToken: BOT_TOKEN };
  const tokens: string[] = [];
  const pacer = new MemorySendPacer();
  let deps: DeliverAlertDeps;
  if (channel === 'email') deps = await composeWith(sendEmailDefinition, { config, clock, secrets, world: { table, mailer, eventSource: new MemoryEventSourceSwitch() } });
  else if (channel === 'telegram') {
    const bot = (token: string) => (tokens.push(token), telegram);
    deps = await composeWith(sendTelegramDefinition, { config, clock, secrets, world: { table, telegram: bot, pacer, eventSource: new MemoryEventSourceSwitch() } });
  } else deps = await composeWith(sendWebhookDefinition, { config, clock, secrets, world: { table, webhooks } });
  return { deps, table, tokens, pacer };
}

describe('send-<channel> compositions', () => {
  it.each<[Channel, Channel[]]>([
    ['email', ['telegram', 'webhook']],
    ['telegram', ['email', 'webhook']],
    ['webhook', ['email', 'telegram']],
  ])('send-%s has its own adapter; a delivery for %j names the wiring bug', async (channel, others) => {
    const { deps } = await composed(channel);
    const own = { email: deps.mailer, telegram: deps.telegram, webhook: deps.webhooks }[channel];
    expect(own).toBe({ email: mailer, telegram, webhook: webhooks }[channel]);
    const send = {
      email: () => deps.mailer.send({} as never),
      telegram: () => deps.telegram.sendMessage({ chat_id: '1', text: 'x', parse_mode: 'HTML' }),
      webhook: () => deps.webhooks.post({} as never),
    };
    for (const other of others) expect(send[other], other).toThrow(`send-${channel} has no ${other} adapter: a ${other} delivery reached the ${channel} queue`);
  });

  it('does not send a telegram delivery that reached the email queue', async () => {
    const { deps, table } = await composed('email');
    const article = anArticle();
    await table.articles.putIfAbsent(article);
    await table.subscribers.put(aSubscriber({ id: 'tg', telegramChatId: '42', channels: ['telegram'] }));
    const outcome = await deliverAlert(deps, { subscriberId: 'tg', channel: 'telegram', articleId: article.id, matches: [{ topicId: 'csto', terms: [] }] });
    expect(outcome).toMatchObject({ reason: expect.stringContaining('send-email has no telegram adapter') });
  });

  it('signs links with the signing key and webhooks with a key derived from it', async () => {
    const { deps } = await composed('webhook');
    expect(deps.config.tokenSecret).toBe(SIGNING_KEY);
    expect(deps.config.webhookSecret).toBe(webhookSigningKey(SIGNING_KEY));
    expect(deps.config.webhookSecret).not.toBe(SIGNING_KEY);
  });

  it('derives the webhook key deterministically, differently per signing key, as base64url', () => {
    expect(webhookSigningKey('a')).toBe(webhookSigningKey('a'));
    expect(webhookSigningKey('a')).not.toBe(webhookSigningKey('b'));
    expect(webhookSigningKey(SIGNING_KEY)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('paces each concurrent Telegram sender to its share of the bot rate, with the bot token from its secret', async () => {
    const config = sampleConfig({ delivery: { telegram: { perBotPerSecond: 24, perChatPerSecond: 1 } } });
    const { deps, tokens, pacer } = await composed('telegram', config);
    const senders = queueTriggerOf('send-telegram')!.maxConcurrency!;
    expect(senders).toBeGreaterThan(1);
    expect(deps.config.telegram).toEqual({ perBotPerSecond: 24 / senders, perChatPerSecond: 1 });
    expect(deps.pacer).toBe(pacer);
    expect(tokens).toEqual([BOT_TOKEN]);
  });

  it.each<[Channel]>([['email'], ['webhook']])('send-%s paces nothing', async (channel) => {
    const { deps } = await composed(channel);
    expect(deps.pacer).toBeUndefined();
  });

  it('fails to compose when the signing key cannot be read', async () => {
    await expect(composeWith(sendEmailDefinition, { config: sampleConfig(), world: { table: memoryTable(), mailer, eventSource: new MemoryEventSourceSwitch() } })).rejects.toThrow(/signingKey could not be read/);
  });
});
