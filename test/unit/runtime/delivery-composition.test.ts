/**
 * The send-<channel> compositions (shared/runtime/composition/delivery.ts): each sender gets its own channel's
 * adapter and a stand-in for the others that names the wiring bug, the secrets it signs with (the signing key for
 * email links; each webhook receiver's own key), and its share of the bot's Telegram rate.
 */
import { LabelStories } from '../../support/label-stories.js';
import { describe, expect, it } from 'vitest';
import { sampleConfig } from '../../../infra/config/index.js';
import type { Channel } from '../../../shared/domain/subscriber.js';
import { verifyWebhookSignature } from '../../../shared/domain/delivery/webhook-signature.js';
import type { Mailer, TelegramClient, WebhookClient, WebhookRequest } from '../../../shared/ports/senders.js';
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
const KEY_A = 'key-of-receiver-a-0123456789abcdef0123456789';
const KEY_B = 'key-of-receiver-b-0123456789abcdef0123456789';

const mailer: Mailer = { send: async () => ({ messageId: 'ses-1' }) };
const telegram: TelegramClient = { sendMessage: async () => ({ messageId: 1 }) };
const posted: WebhookRequest[] = [];
const webhooks: WebhookClient = { post: async (request) => (posted.push(request), { httpStatus: 200 }) };

/** Each sender's deps, composed by its definition from memory parts. */
async function composed(channel: Channel, config = sampleConfig(), webhookKeys: Record<string, unknown> = { a: KEY_A, b: KEY_B }) {
  const clock = new ManualClock();
  const table = memoryTable(clock);
  const secrets = { signingKey: SIGNING_KEY, telegramBotToken: BOT_TOKEN, webhookKeys: JSON.stringify(webhookKeys) };
  const tokens: string[] = [];
  const pacer = new MemorySendPacer();
  const sleep = async () => {};
  let deps: DeliverAlertDeps;
  if (channel === 'email') deps = await composeWith(sendEmailDefinition, { config, clock, secrets, world: { stories: new LabelStories(), table, mailer, eventSource: new MemoryEventSourceSwitch() } });
  else if (channel === 'telegram') {
    const bot = (token: string) => (tokens.push(token), telegram);
    deps = await composeWith(sendTelegramDefinition, { config, clock, secrets, world: { stories: new LabelStories(), table, telegram: bot, pacer, sleep, eventSource: new MemoryEventSourceSwitch() } });
  } else deps = await composeWith(sendWebhookDefinition, { config, clock, secrets, world: { stories: new LabelStories(), table, webhooks } });
  return { deps, table, tokens, pacer, sleep, clock };
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

  it('signs email links with the signing key; send-webhook has no signing key, only the receivers\' keys', async () => {
    expect((await composed('email')).deps.config.tokenSecret).toBe(SIGNING_KEY);
    const { deps } = await composed('webhook');
    expect(deps.config.tokenSecret).toBeUndefined();
    expect([deps.config.webhookKeys?.get('a'), deps.config.webhookKeys?.get('b')]).toEqual([KEY_A, KEY_B]);
  });

  it('signs each receiver\'s deliveries with its own key: receiver A\'s key does not verify a delivery to B', async () => {
    const { deps, table, clock } = await composed('webhook');
    const article = anArticle();
    await table.articles.putIfAbsent(article);
    for (const id of ['a', 'b']) await table.subscribers.put(aSubscriber({ id, webhookUrl: `https://hooks.example/${id}`, channels: ['webhook'] }));
    posted.length = 0;
    for (const id of ['a', 'b']) {
      expect(await deliverAlert(deps, { subscriberId: id, channel: 'webhook', articleId: article.id, matches: [{ topicId: 'csto', terms: [] }] })).toEqual({ kind: 'done', detail: 'sent' });
    }
    const [toA, toB] = posted;
    const verifies = (key: string, request: WebhookRequest) => verifyWebhookSignature(key, request.headers['X-Newshound-Signature'], request.body, clock.now().getTime() / 1000);
    expect([toA!.url, toB!.url]).toEqual(['https://hooks.example/a', 'https://hooks.example/b']);
    expect([verifies(KEY_A, toA!), verifies(KEY_B, toB!)]).toEqual([true, true]);
    expect([verifies(KEY_A, toB!), verifies(KEY_B, toA!)]).toEqual([false, false]);
  });

  it('refuses weak keys and keys two receivers share, for those receivers only', async () => {
    const { deps } = await composed('webhook', sampleConfig(), { weak: 'short', a: KEY_A, b: KEY_A, c: KEY_B, d: 42 });
    const keys = deps.config.webhookKeys!;
    expect(['weak', 'a', 'b', 'c', 'd'].map((id) => keys.get(id))).toEqual([undefined, undefined, undefined, KEY_B, undefined]);
  });

  it('fails to compose send-webhook when the WebhookKeys secret is not a JSON object', async () => {
    const config = sampleConfig();
    const world = { stories: new LabelStories(), table: memoryTable(), webhooks };
    await expect(composeWith(sendWebhookDefinition, { config, secrets: { webhookKeys: 'not json' }, world })).rejects.toThrow('the WebhookKeys secret is not JSON');
    await expect(composeWith(sendWebhookDefinition, { config, secrets: { webhookKeys: '["a"]' }, world })).rejects.toThrow('the WebhookKeys secret is not a JSON object');
  });

  it('paces each concurrent Telegram sender to its share of the bot rate, with the bot token from its secret', async () => {
    const config = sampleConfig({ delivery: { telegram: { perBotPerSecond: 24, perChatPerSecond: 1 } } });
    const { deps, tokens, pacer, sleep } = await composed('telegram', config);
    const senders = queueTriggerOf('send-telegram')!.maxConcurrency!;
    expect(senders).toBeGreaterThan(1);
    expect(deps.config.telegram).toEqual({ perBotPerSecond: 24 / senders, perChatPerSecond: 1 });
    expect(deps.pacer).toBe(pacer);
    // Short pacing waits are slept out in the invocation, on the sleep the platform gives.
    expect(deps.sleep).toBe(sleep);
    expect(tokens).toEqual([BOT_TOKEN]);
  });

  it.each<[Channel]>([['email'], ['webhook']])('send-%s paces nothing', async (channel) => {
    const { deps } = await composed(channel);
    expect(deps.pacer).toBeUndefined();
    expect(deps.sleep).toBeUndefined();
  });

  it('fails to compose when the signing key cannot be read', async () => {
    await expect(composeWith(sendEmailDefinition, { config: sampleConfig(), world: { stories: new LabelStories(), table: memoryTable(), mailer, eventSource: new MemoryEventSourceSwitch() } })).rejects.toThrow(/signingKey could not be read/);
  });
});
