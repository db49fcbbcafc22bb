/**
 * The HTTP API and SNS paths of the local topology, through the deployed functions: Telegram posting bot commands
 * to the webhook route (telegram-webhook), a subscribe form whose confirmation bounces (subscriptions → SES → the
 * mailbox simulator's bounce event → SNS → ses-events, which suppresses the address), an unsubscribe link opened
 * again and the way back (subscriptions → SES → the confirm link).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramWebhookSecret } from '../../shared/domain/subscription/telegram-webhook-secret.js';
import { sendTelegramUpdate, textUpdate } from '../../infra/local/telegram-update-sender.js';
import { SIMULATOR } from '../../infra/local/aws/local-ses-account.js';
import { DEFAULT_RATE_LIMITS } from '../../infra/local/telegram-stand-in.js';
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

  it('after /stop, /subscribe <topic> follows exactly that topic, and the reply says so', { timeout: 60_000 }, async () => {
    const post = (text: string) => sendTelegramUpdate({ webhookUrl: `${system.url}/telegram/webhook`, secret: webhookSecret(), update: textUpdate({ chatId: 888, text }) });
    for (const command of ['/subscribe nagorno-karabakh', '/subscribe csto', '/stop']) expect((await post(command)).status).toBe(200);
    // The stand-in, like Telegram, refuses a second message to a chat within its per-chat window: let it pass.
    await new Promise((resolve) => setTimeout(resolve, 1000 / DEFAULT_RATE_LIMITS.perChatPerSecond + 200));
    expect((await post('/subscribe csto')).status).toBe(200);
    expect(await system.context.stores.subscribers.findByTelegramChatId('888')).toEqual([expect.objectContaining({ topics: ['csto'], channels: ['telegram'], status: 'active' })]);
    expect(system.telegram.sent().filter((m) => m.chatId === '888').at(-1)?.text).toBe('Subscribed to CSTO. You follow CSTO. You get alerts instantly.');
    expectOnlyAllowedCalls(system);
  });

  it('says "you are unsubscribed" when an unsubscribe link is opened again, and subscribes again from there once the mailbox confirms', { timeout: 60_000 }, async () => {
    const email = `comeback-${Date.now()}@example.org`;
    const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
    const linkIn = (text: string, purpose: string) => new RegExp(`/${purpose}\\?token=([A-Za-z0-9_%-]+)`).exec(text)![1]!;
    const confirmFromMail = async () => {
      const mails = await system.emailsTo(email);
      return fetch(`${system.url}/confirm`, form({ token: decodeURIComponent(linkIn(mails.at(-1)!.body.text!, 'confirm')) }));
    };
    await fetch(`${system.url}/subscribe`, form({ email, topics: 'csto', delivery: 'instant', timeZone: 'UTC' }));
    const confirmed = await (await confirmFromMail()).text();
    const preferences = await (await fetch(`${system.url}/preferences?token=${linkIn(confirmed, 'preferences')}`)).text();
    const unsubscribeUrl = `${system.url}/unsubscribe?token=${linkIn(preferences, 'unsubscribe')}`;
    expect(await (await fetch(unsubscribeUrl)).text()).toContain('Unsubscribe from newshound?');
    expect((await fetch(unsubscribeUrl, form({ 'List-Unsubscribe': 'One-Click' }))).status).toBe(200);

    const again = await (await fetch(unsubscribeUrl)).text();
    expect(again).toContain('<h1>You are unsubscribed</h1>');
    const resumeToken = /name="token" value="([^"]+)">\s*<input type="hidden" name="action" value="resume">/.exec(again)![1]!;
    expect(await (await fetch(`${system.url}/preferences`, form({ token: resumeToken, action: 'resume' }))).text()).toContain('Check your email');
    const [record] = await system.context.stores.subscribers.findByEmail(email);
    expect(record).toMatchObject({ status: 'unsubscribed', pendingChange: expect.anything() });
    expect(await (await confirmFromMail()).text()).toContain('You are subscribed');
    expect(await system.context.stores.subscribers.get(record!.id)).toMatchObject({ status: 'active', topics: ['csto'], channels: ['email'] });
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
