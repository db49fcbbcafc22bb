import { describe, expect, it } from 'vitest';
import { START_PAYLOAD_MAX, decodeStartPayload, encodeStartPayload, telegramStartLink } from '../../../shared/domain/subscription/telegram-start-link.js';
import { handleTelegramUpdate } from '../../../shared/usecases/subscriptions/telegram-bot.js';
import { textUpdate } from '../../../infra/local/telegram-update-sender.js';
import { aSubscriber } from '../../support/factories.js';
import { harness } from './fixtures.js';

const KNOWN = ['csto', 'nagorno-karabakh'];

describe('Telegram start payload', () => {
  it.each([
    [['csto'], 'csto'],
    [['csto', 'nagorno-karabakh'], 'csto_nagorno-karabakh'],
    [['csto', 'csto'], 'csto'],
  ])('encodes %j as %s, which decodes back', (ids, payload) => {
    expect(encodeStartPayload(ids)).toBe(payload);
    expect(payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(decodeStartPayload(payload, KNOWN)).toEqual({ found: [...new Set(ids)], unknown: [] });
  });

  it('refuses what Telegram would not carry: nothing, over 64 characters, characters outside ids', () => {
    expect(encodeStartPayload([])).toBeUndefined();
    expect(encodeStartPayload(['a'.repeat(START_PAYLOAD_MAX)])).toBe('a'.repeat(64));
    expect(encodeStartPayload(['a'.repeat(32), 'b'.repeat(32)])).toBeUndefined();
    expect(encodeStartPayload(['Not an id'])).toBeUndefined();
    expect(encodeStartPayload(['a_b'])).toBeUndefined();
  });

  it('decodes only payload-shaped arguments and lists unknown ids apart', () => {
    expect(decodeStartPayload('csto_nato_csto', KNOWN)).toEqual({ found: ['csto'], unknown: ['nato'] });
    expect(decodeStartPayload('CSTO, Karabakh', KNOWN)).toBeUndefined();
    expect(decodeStartPayload('', KNOWN)).toBeUndefined();
    expect(decodeStartPayload('x'.repeat(65), KNOWN)).toBeUndefined();
  });

  it('builds the deep link, escaping the bot name', () => {
    expect(telegramStartLink('newshound_local_bot', ['csto', 'nagorno-karabakh'])).toBe('https://t.me/newshound_local_bot?start=csto_nagorno-karabakh');
    expect(telegramStartLink('a b&c', ['csto'])).toBe('https://t.me/a%20b%26c?start=csto');
    expect(telegramStartLink('bot', ['a'.repeat(65)])).toBeUndefined();
    expect(telegramStartLink('newshound_local_bot', ['csto'], 'http://127.0.0.1:8782/')).toBe('http://127.0.0.1:8782/newshound_local_bot?start=csto');
  });
});

let updateId = 5000;
const say = (chatId: number, text: string) => textUpdate({ chatId, text, updateId: ++updateId });

describe('/start with a payload from the subscribe page', () => {
  it('subscribes a new chat to exactly the chosen topics', async () => {
    const h = harness();
    await handleTelegramUpdate(h.bot, say(77, '/start csto_nagorno-karabakh'));
    expect(await h.subscribers.get('tg-77')).toMatchObject({ status: 'active', channels: ['telegram'], topics: ['csto', 'nagorno-karabakh'] });
    expect(h.telegram.last()!.text).toContain('Welcome');
    expect(h.telegram.last()!.text).toContain('✅ <b>CSTO</b>');
  });

  it('replaces what a chat followed with the chosen topics', async () => {
    const h = harness([aSubscriber({ id: 'tg-77', email: undefined, telegramChatId: '77', channels: ['telegram'], topics: ['nagorno-karabakh'] })]);
    await handleTelegramUpdate(h.bot, say(77, '/start csto'));
    expect((await h.subscribers.get('tg-77'))?.topics).toEqual(['csto']);
  });

  it('validates the ids: unknown ones are named and not followed', async () => {
    const h = harness();
    await handleTelegramUpdate(h.bot, say(77, '/start csto_<b>x'));
    expect((await h.subscribers.get('tg-77'))?.topics ?? []).toEqual([]);
    await handleTelegramUpdate(h.bot, say(77, '/start csto_nato'));
    expect((await h.subscribers.get('tg-77'))?.topics).toEqual(['csto']);
    expect(h.telegram.last()!.text).toContain('nato');
  });
});
