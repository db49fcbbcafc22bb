/**
 * The HTTP API and SNS paths of the local topology, through the deployed functions: Telegram posting bot commands
 * to the webhook route (telegram-webhook), a subscribe form whose confirmation bounces (subscriptions → SES → the
 * mailbox simulator's bounce event → SNS → ses-events, which suppresses the address).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramWebhookSecret } from '../../shared/domain/subscription/telegram-webhook-secret.js';
import { sendTelegramUpdate, textUpdate } from '../../infra/local/telegram-update-sender.js';
import { SIMULATOR } from '../../infra/local/aws/local-ses-account.js';
import { expectOnlyAllowedCalls, startTestSystem, type TestSystem } from './support/local-system.js';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

// Derived from the bot token, as the webhook function derives it.
const webhookSecret = () => telegramWebhookSecret(system.cloud.parameters.value(system.cloud.secretParameter('telegramBotToken'))!);

describe('the HTTP API and SNS, through the functions', () => {
  it('takes Telegram bot commands on the webhook route and answers in the chat', { timeout: 60_000 }, async () => {
    const post = (text: string, secret = webhookSecret()) => sendTelegramUpdate({ webhookUrl: `${system.url}/telegram/webhook`, secret, update: textUpdate({ chatId: 777, text }) });
    expect((await post('/start', 'not-the-secret')).status).toBe(401);
    expect((await post('/subscribe csto')).status).toBe(200);
    const subscriber = (await system.context.stores.subscribers.findByTelegramChatId('777'))[0];
    expect(subscriber).toMatchObject({ topics: ['csto'], channels: ['telegram'], status: 'active' });
    expect(system.telegram.sent().filter((m) => m.chatId === '777').map((m) => m.text).join('\n')).toMatch(/CSTO/);
    expectOnlyAllowedCalls(system);
  });

  it("suppresses an address whose confirmation email bounces (SES's event over SNS to ses-events)", { timeout: 60_000 }, async () => {
    const form = new URLSearchParams({ email: SIMULATOR.bounce, topics: 'csto', delivery: 'instant', timeZone: 'UTC' });
    const page = await fetch(`${system.url}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(page.status).toBe(200);
    await system.cloud.lambda.drain(30);
    expect(await system.context.stores.suppressions.get(SIMULATOR.bounce)).toMatchObject({ reason: 'bounce' });
    expectOnlyAllowedCalls(system);
  });
});
