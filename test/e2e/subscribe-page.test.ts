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
  system = await startTestSystem({ config: (urls) => ({ ...stage(urls), subscriptions: { telegramBotUsername: 'newshound_local_bot' } }) });
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

  it('gives the Telegram link for the chosen topics, and the bot follows exactly those', { timeout: 60_000 }, async () => {
    const page = await (await fetch(`${system.url}/subscribe?via=telegram&topics=csto&topics=nagorno-karabakh`)).text();
    const link = /href="(https:\/\/t\.me\/newshound_local_bot\?start=([A-Za-z0-9_-]+))"/.exec(page);
    expect(link?.[2]).toBe('csto_nagorno-karabakh');
    const secret = telegramWebhookSecret(system.cloud.parameters.value(system.cloud.secretParameter('telegramBotToken'))!);
    const res = await sendTelegramUpdate({ webhookUrl: `${system.url}/telegram/webhook`, secret, update: textUpdate({ chatId: 4242, text: `/start ${link![2]}` }) });
    expect(res.status).toBe(200);
    expect(await system.context.stores.subscribers.findByTelegramChatId('4242')).toEqual([expect.objectContaining({ topics: ['csto', 'nagorno-karabakh'], channels: ['telegram'], status: 'active' })]);
    expectOnlyAllowedCalls(system);
  });
});
