import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../shared/ports/errors.js';
import { handleTelegramUpdate } from '../../../shared/usecases/subscriptions/telegram-bot.js';
import { handleTelegramWebhook } from '../../../shared/usecases/subscriptions/telegram-webhook.js';
import { aSubscriber } from '../../support/factories.js';
import { textUpdate } from '../../../infra/local/telegram-update-sender.js';
import { harness } from './fixtures.js';

let updateId = 1000;
const say = (chatId: string | number, text: string, chatType?: 'private' | 'group') => textUpdate({ chatId, text, updateId: ++updateId, ...(chatType ? { chatType } : {}) });

describe('Telegram bot commands', () => {
  it('walks a chat through /start, /subscribe, /mode, /unsubscribe and /stop', async () => {
    const h = harness();
    await handleTelegramUpdate(h.bot, say(42, '/start'));
    expect(await h.subscribers.get('tg-42')).toMatchObject({ telegramChatId: '42', channels: ['telegram'], status: 'active', topics: [], consent: { via: 'telegram' } });
    expect(h.telegram.last()).toMatchObject({ chat_id: '42', parse_mode: 'HTML' });
    expect(h.telegram.last()!.text).toContain('Welcome');

    await handleTelegramUpdate(h.bot, say(42, '/subscribe Nagorno Karabakh'));
    expect(h.telegram.last()!.text).toContain('Subscribed to <b>Nagorno-Karabakh</b>');
    await handleTelegramUpdate(h.bot, say(42, '/subscribe@newshound_bot csto, nagorno-karabakh'));
    expect(h.telegram.last()!.text).toContain('Subscribed to <b>CSTO</b>');
    expect(h.telegram.last()!.text).toContain('already follow <b>Nagorno-Karabakh</b>');
    expect((await h.subscribers.get('tg-42'))?.topics).toEqual(['nagorno-karabakh', 'csto']);

    await handleTelegramUpdate(h.bot, say(42, '/mode digest'));
    expect(await h.subscribers.get('tg-42')).toMatchObject({ mode: 'digest', digest: { frequency: 'daily', at: '08:00' } });
    expect(h.telegram.last()!.text).toBe('You get alerts in a daily digest at 08:00 (UTC).');
    await handleTelegramUpdate(h.bot, say(42, '/mode weekly'));
    expect(h.telegram.last()!.text).toContain('Usage: <code>/mode instant</code>');

    await handleTelegramUpdate(h.bot, say(42, '/unsubscribe csto'));
    expect((await h.subscribers.get('tg-42'))?.topics).toEqual(['nagorno-karabakh']);
    await handleTelegramUpdate(h.bot, say(42, '/stop'));
    expect((await h.subscribers.get('tg-42'))?.status).toBe('unsubscribed');
    await handleTelegramUpdate(h.bot, say(42, '/start'));
    expect(await h.subscribers.get('tg-42')).toMatchObject({ status: 'active', topics: [] });
  });

  it('after /stop, /subscribe <topic> follows exactly that topic and says so', async () => {
    const h = harness([aSubscriber({ id: 'tg-42', email: undefined, telegramChatId: '42', channels: ['telegram'], topics: ['nagorno-karabakh', 'csto'] })]);
    await handleTelegramUpdate(h.bot, say(42, '/stop'));
    expect(h.telegram.last()!.text).toBe('Stopped: you will get no more alerts here. Send <code>/subscribe &lt;topic&gt;</code> to follow a topic again.');
    await handleTelegramUpdate(h.bot, say(42, '/subscribe csto'));
    expect(await h.subscribers.get('tg-42')).toMatchObject({ status: 'active', channels: ['telegram'], topics: ['csto'] });
    const reply = h.telegram.last()!.text;
    expect(reply).toContain('Subscribed to <b>CSTO</b>. You follow <b>CSTO</b>.');
    expect(reply).not.toContain('Nagorno');
  });

  it.each([['/start'], ['/start csto'], ['/mode digest'], ['/subscribe nato']])('after /stop, %s brings back none of the old topics', async (text) => {
    const h = harness([aSubscriber({ id: 'duty-telegram', email: undefined, telegramChatId: '42', channels: ['telegram'], topics: ['nagorno-karabakh'] })]);
    await handleTelegramUpdate(h.bot, say(42, '/stop'));
    await handleTelegramUpdate(h.bot, say(42, text));
    const record = await h.subscribers.get('duty-telegram');
    expect(record?.status === 'active' ? record.topics : []).not.toContain('nagorno-karabakh');
    expect(h.telegram.last()!.text).not.toContain('Nagorno-Karabakh</b>.');
    await handleTelegramUpdate(h.bot, say(42, '/topics'));
    expect(h.telegram.last()!.text).not.toContain('✅ <b>Nagorno-Karabakh</b>');
  });

  it('after /stop, a chat shared with an email subscriber comes back on its own record and leaves the email topics alone', async () => {
    const shared = aSubscriber({ id: 'ann', email: 'ann@example.org', telegramChatId: '42', channels: ['email', 'telegram'], topics: ['nagorno-karabakh'] });
    const h = harness([shared]);
    await handleTelegramUpdate(h.bot, say(42, '/stop'));
    await handleTelegramUpdate(h.bot, say(42, '/topics'));
    expect(h.telegram.last()!.text).not.toContain('✅ <b>');
    await handleTelegramUpdate(h.bot, say(42, '/unsubscribe nagorno-karabakh'));
    expect(h.telegram.last()!.text).toContain("You don't follow <b>Nagorno-Karabakh</b>");
    await handleTelegramUpdate(h.bot, say(42, '/subscribe csto'));
    expect(await h.subscribers.get('ann')).toMatchObject({ channels: ['email'], topics: ['nagorno-karabakh'], status: 'active' });
    expect(await h.subscribers.get('tg-42')).toMatchObject({ channels: ['telegram'], topics: ['csto'], status: 'active' });
    await handleTelegramUpdate(h.bot, say(42, '/topics'));
    expect(h.telegram.last()!.text).toContain('✅ <b>CSTO</b>');
    expect(h.telegram.last()!.text).not.toContain('✅ <b>Nagorno-Karabakh</b>');
  });

  it('does not start email again when an unsubscribed email-and-Telegram subscriber writes to the bot', async () => {
    const h = harness([aSubscriber({ id: 'ann', email: 'ann@example.org', telegramChatId: '42', channels: ['email'], topics: ['nagorno-karabakh'], status: 'unsubscribed' })]);
    await handleTelegramUpdate(h.bot, say(42, '/subscribe csto'));
    expect(await h.subscribers.get('ann')).toMatchObject({ status: 'unsubscribed', channels: ['email'] });
    expect(await h.subscribers.get('tg-42')).toMatchObject({ channels: ['telegram'], topics: ['csto'], status: 'active' });
  });

  it('subscribes from a /start deep-link payload', async () => {
    const h = harness();
    await handleTelegramUpdate(h.bot, say(7, '/start csto'));
    expect((await h.subscribers.get('tg-7'))?.topics).toEqual(['csto']);
  });

  it('lists topics with the ones followed, escaped', async () => {
    const h = harness([aSubscriber({ id: 'tg-9', telegramChatId: '9', channels: ['telegram'], topics: ['csto'] })]);
    await handleTelegramUpdate(h.bot, say(9, '/topics'));
    expect(h.telegram.last()!.text).toContain('✅ <b>CSTO</b> – <code>csto</code>');
    expect(h.telegram.last()!.text).toContain('▫️ <b>Nagorno-Karabakh</b>');
  });

  it.each([
    ['/weather', "I don't know the command /weather."],
    ['hello', 'I only understand commands.'],
    ['/subscribe <b>nato</b>', "I don't know the topic “&lt;b&gt;nato&lt;/b&gt;”"],
  ])('answers %j with help, escaped', async (text, expected) => {
    const h = harness();
    await handleTelegramUpdate(h.bot, say(5, text));
    const reply = h.telegram.last()!.text;
    expect(reply).toContain(expected);
    expect(reply).not.toContain('<b>nato</b>');
    expect(reply).toContain('/subscribe &lt;topic&gt;');
  });

  it('acts on an admin-defined subscriber of the chat instead of creating another', async () => {
    const h = harness([aSubscriber({ id: 'duty-telegram', email: undefined, telegramChatId: '100001', channels: ['telegram'], topics: ['csto'] })]);
    await handleTelegramUpdate(h.bot, say(100001, '/subscribe nagorno-karabakh'));
    expect((await h.subscribers.get('duty-telegram'))?.topics).toEqual(['csto', 'nagorno-karabakh']);
    expect(await h.subscribers.get('tg-100001')).toBeUndefined();
  });

  it('ignores chatter in groups and commands for other bots, without replying', async () => {
    const h = harness();
    expect(await handleTelegramUpdate(h.bot, say(-100123, 'hi all', 'group'))).toMatchObject({ kind: 'ignored' });
    expect(await handleTelegramUpdate(h.bot, say(5, '/start@other_bot'))).toMatchObject({ kind: 'ignored' });
    expect(h.telegram.sent).toEqual([]);
  });

  it('handles a redelivered update once', async () => {
    const h = harness();
    const update = say(42, '/subscribe csto');
    expect(await handleTelegramUpdate(h.bot, update)).toMatchObject({ kind: 'replied' });
    expect(await handleTelegramUpdate(h.bot, update)).toMatchObject({ kind: 'duplicate' });
    expect(h.telegram.sent).toHaveLength(1);
  });

  it('keeps the change when the reply fails, and stops a chat that blocked the bot', async () => {
    const h = harness();
    h.telegram.failWith = new DeliveryError('Telegram 403: Forbidden: bot was blocked by the user', { kind: 'disable-channel', reason: 'blocked' }, 'telegram');
    expect(await handleTelegramUpdate(h.bot, say(42, '/subscribe csto'))).toMatchObject({ kind: 'updated' });
    expect((await h.subscribers.get('tg-42'))?.topics).toEqual(['csto']);
    await handleTelegramUpdate(h.bot, { update_id: ++updateId, my_chat_member: { chat: { id: 42, type: 'private' }, from: { id: 42 }, date: 1, old_chat_member: { status: 'member' }, new_chat_member: { status: 'kicked', user: { id: 1 } } } });
    expect((await h.subscribers.get('tg-42'))?.status).toBe('unsubscribed');
  });

  it('lets a failing store fail the update (so Telegram redelivers) and forgets it was seen', async () => {
    const h = harness();
    const update = say(42, '/start');
    const put = h.subscribers.put.bind(h.subscribers);
    h.subscribers.put = async () => {
      throw new Error('DynamoDB unavailable');
    };
    await expect(handleTelegramUpdate(h.bot, update)).rejects.toThrow('DynamoDB unavailable');
    h.subscribers.put = put;
    expect(await handleTelegramUpdate(h.bot, update)).toMatchObject({ kind: 'replied' });
  });

  it.each([[null], [{}], [{ update_id: 'x' }], [{ update_id: 1, message: { text: 5 } }]])('ignores a malformed update %j', async (raw) => {
    const h = harness();
    expect(await handleTelegramUpdate(h.bot, raw)).toMatchObject({ kind: 'ignored' });
  });
});

describe('Telegram webhook edge', () => {
  const secret = 'webhook-secret_0123456789';
  const request = (headers: Record<string, string>, body: string, method = 'POST') => ({ method, headers, body });

  it.each([
    ['no secret header', {}, 401],
    ['a wrong secret', { 'x-telegram-bot-api-secret-token': 'webhook-secret_0123456788' }, 401],
    ['a prefix of the secret', { 'x-telegram-bot-api-secret-token': 'webhook-secret' }, 401],
    ['the secret', { 'x-telegram-bot-api-secret-token': secret }, 200],
  ])('answers a request with %s: %i', async (_name, headers, status) => {
    const h = harness();
    const res = await handleTelegramWebhook({ ...h.bot, webhookSecret: secret }, request(headers, JSON.stringify(say(42, '/start'))));
    expect(res.status).toBe(status);
    expect(h.telegram.sent).toHaveLength(status === 200 ? 1 : 0);
    expect(await h.subscribers.get('tg-42')).toEqual(status === 200 ? expect.anything() : undefined);
  });

  it('refuses other methods and bodies that are not JSON', async () => {
    const h = harness();
    const deps = { ...h.bot, webhookSecret: secret };
    expect((await handleTelegramWebhook(deps, request({ 'x-telegram-bot-api-secret-token': secret }, '{}', 'GET'))).status).toBe(405);
    expect((await handleTelegramWebhook(deps, request({ 'x-telegram-bot-api-secret-token': secret }, 'not json'))).status).toBe(400);
  });
});
