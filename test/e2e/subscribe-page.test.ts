/**
 * The subscribe page on the local topology, through the deployed functions: each topic's recent matches read by the
 * subscriptions function within its role (matches by topic on gsi1, their articles), and the Telegram link it gives,
 * which the bot (telegram-webhook) follows to exactly the chosen topics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueEvent } from '../../infra/local/aws/trigger-events.js';
import { sendTelegramUpdate, textUpdate } from '../../infra/local/telegram-update-sender.js';
import { telegramWebhookSecret } from '../../shared/domain/subscription/telegram-webhook-secret.js';
import { rssFeed } from '../support/feed-builder.js';
import { startFeedServer } from '../support/feed-server.js';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem } from './support/local-system.js';

const feedXml = rssFeed({ title: 'Wire & Co', items: [{ title: 'CSTO leaders meet in "Minsk" & Yerevan', link: 'https://wire.example/csto?a=1&b=2', id: 'w-1' }] });

let system: TestSystem;
let feeds: Awaited<ReturnType<typeof startFeedServer>>;
beforeAll(async () => {
  feeds = await startFeedServer({ '/wire.xml': { body: feedXml } });
  const stage = testStage({ feeds: [{ id: 'wire', url: `${feeds.url}/wire.xml` }] });
  // As the local stage does: the page's Telegram links open the stand-in's bot.
  system = await startTestSystem({ config: (urls) => ({ ...stage(urls), subscriptions: { telegramBotUsername: urls.telegramStandIn!.botUsername, telegramLinkBase: urls.telegramStandIn!.linkBase } }) });
}, 120_000);
afterAll(async () => {
  await system?.stop();
  await feeds?.close();
});

describe('the subscribe page, through the functions', () => {
  it('shows a topic\'s recent matches, escaped, read within the function\'s grants', { timeout: 60_000 }, async () => {
    const polled = await system.cloud.lambda.invoke('poll-feed', await queueEvent(system.cloud, 'poll-feed', [{ feedId: 'wire', force: true }]));
    expect(polled).toMatchObject({ ok: true });
    const page = await (await fetch(`${system.url}/subscribe`)).text();
    expect(page).toContain('<a href="https://wire.example/csto?a=1&amp;b=2" rel="noopener noreferrer">CSTO leaders meet in &quot;Minsk&quot; &amp; Yerevan</a>');
    expect(page).toContain('Wire &amp; Co');
    expectOnlyAllowedCalls(system);
    expect(system.cloud.gateway.calls.filter((c) => c.principal === 'subscriptions' && c.operation === 'Query').length).toBeGreaterThan(0);
  });

  it('gives the Telegram link for the chosen topics; the stand-in opens it, and the bot follows exactly those', { timeout: 60_000 }, async () => {
    const page = await (await fetch(`${system.url}/subscribe?via=telegram&topics=csto&topics=nagorno-karabakh`)).text();
    const link = /href="([^"]+\/newshound_local_bot\?start=([A-Za-z0-9_-]+))"/.exec(page);
    expect(link?.[1]).toBe(`${system.context.urls.telegram}/newshound_local_bot?start=csto_nagorno-karabakh`);
    // The stand-in's chat page, opened by the link, holds the /start that Telegram's Start button sends.
    const chat = await (await fetch(link![1]!)).text();
    const text = /id="text" name="text" value="([^"]*)"/.exec(chat)?.[1];
    expect(text).toBe('/start csto_nagorno-karabakh');
    const sent = await fetch(`${system.context.urls.telegram}/chat`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ chat: '4242', text: text! }) });
    expect(await sent.text()).toContain('the webhook answered 200');
    expect(await system.context.stores.subscribers.findByTelegramChatId('4242')).toEqual([expect.objectContaining({ topics: ['csto', 'nagorno-karabakh'], channels: ['telegram'], status: 'active' })]);
    // Anyone can make a start link: the bot checks its ids, and unknown ones subscribe to nothing.
    const secret = telegramWebhookSecret(system.cloud.parameters.value(system.cloud.secretParameter('telegramBotToken'))!);
    expect((await sendTelegramUpdate({ webhookUrl: `${system.url}/telegram/webhook`, secret, update: textUpdate({ chatId: 4343, text: '/start nato_otan' }) })).status).toBe(200);
    expect((await system.context.stores.subscribers.findByTelegramChatId('4343'))[0]?.topics ?? []).toEqual([]);
    expectOnlyAllowedCalls(system);
  });
});
