import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TelegramBotClient } from '../../../shared/adapters/telegram/telegram-bot-client.js';
import { UNSET_BOT_TOKEN, UNSET_BOT_TOKEN_REASON } from '../../../shared/domain/delivery/bot-token.js';
import { ChatMigratedError, DeliveryError } from '../../../shared/ports/errors.js';
import { startTelegramStandIn, type TelegramStandIn } from '../../../infra/local/telegram-stand-in.js';
import { ManualClock } from '../../support/manual-clock.js';

const TOKEN = '123456:test-token';

describe('TelegramBotClient against the stand-in', () => {
  const clock = new ManualClock(1_000_000);
  let standIn: TelegramStandIn;
  let client: TelegramBotClient;
  beforeAll(async () => {
    standIn = await startTelegramStandIn({
      botToken: TOKEN,
      rateLimits: { perChatPerSecond: 1, perBotPerSecond: 3 },
      blockedChats: ['403'],
      knownChats: ['1', '2', '3', '4', '5', '6', '403', '-100999'],
      migratedChats: { '-999': '-100999' },
      now: () => clock.now().getTime(),
    });
    client = new TelegramBotClient({ botToken: TOKEN, apiBase: standIn.url, timeoutMs: 300 });
  });
  afterAll(() => standIn.close());
  beforeEach(() => {
    standIn.reset();
    standIn.setFault(undefined);
    clock.advance({ seconds: 10 });
  });

  const send = (chat: string, text = '<b>hello</b> &amp; welcome') => client.sendMessage({ chat_id: chat, text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as DeliveryError);

  it('sends and gets the message id; the stand-in shows the parsed text', async () => {
    expect(await send('1')).toEqual({ messageId: 1 });
    expect(standIn.sent()).toMatchObject([{ chatId: '1', text: 'hello & welcome', entities: [{ type: 'b', offset: 0, length: 5 }] }]);
    const page = await (await fetch(standIn.url)).text();
    expect(page).toContain('hello &amp; welcome');
  });

  it('maps the per-chat limit to a 429 retry with retry_after', async () => {
    await send('1');
    const err = await failure(send('1'));
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err!.action).toEqual({ kind: 'retry', delaySeconds: 1 });
    expect(err!.message).toBe('Telegram 429: Too Many Requests: retry after 1');
    clock.advance({ seconds: 1 });
    await expect(send('1')).resolves.toMatchObject({ messageId: expect.any(Number) });
  });

  it('enforces the per-bot limit across chats', async () => {
    await send('1');
    await send('2');
    await send('3');
    expect((await failure(send('4')))!.action).toEqual({ kind: 'retry', delaySeconds: 1 });
    expect(standIn.counts()).toMatchObject({ accepted: 3, rateLimited: 1 });
  });

  it.each([
    ['blocked chat → disable the channel', '403', '<b>x</b>', { kind: 'disable-channel', reason: 'Forbidden: bot was blocked by the user' }],
    ['unknown chat → park', '42', 'x', { kind: 'park', reason: 'Bad Request: chat not found' }],
    ['bad HTML → park with Telegram’s words', '1', '<div>x</div>', { kind: 'park', reason: `Bad Request: can't parse entities: Unsupported start tag "div" at byte offset 0` }],
    ['too long → park', '1', 'x'.repeat(4097), { kind: 'park', reason: 'Bad Request: message is too long' }],
    ['empty → park', '1', '<b> </b>', { kind: 'park', reason: 'Bad Request: message text is empty' }],
  ])('%s', async (_n, chat, text, action) => {
    expect((await failure(send(chat, text)))!.action).toEqual(action);
  });

  it('accepts exactly 4096 characters after entity parsing', async () => {
    await expect(send('5', `<b>${'&amp;'.repeat(4096)}</b>`)).resolves.toBeTruthy();
  });

  it('reports a chat migration with the new chat id', async () => {
    const err = await failure(send('-999'));
    expect(err).toBeInstanceOf(ChatMigratedError);
    expect((err as ChatMigratedError).newChatId).toBe('-100999');
    await expect(send('-100999')).resolves.toBeTruthy();
  });

  it.each([
    [502, { ok: false, error_code: 502, description: 'Bad Gateway' }],
    [500, 'not json at all'],
  ])('retries a %i', async (status, body) => {
    standIn.setFault(() => ({ status, body }));
    expect((await failure(send('1')))!.action).toEqual({ kind: 'retry', delaySeconds: 0 });
  });

  it('retries a timeout', async () => {
    standIn.setFault(() => ({ hangMs: 5_000 }));
    const err = await failure(send('1'));
    expect(err!.action).toEqual({ kind: 'retry', delaySeconds: 0 });
    expect(err!.message).toMatch(/timed out after 300 ms/);
  });

  it('halts on a rejected token and never shows the token', async () => {
    const bad = new TelegramBotClient({ botToken: '999:wrong-secret', apiBase: standIn.url });
    const err = await failure(bad.sendMessage({ chat_id: '1', text: 'x', parse_mode: 'HTML' }));
    expect(err!.action).toMatchObject({ kind: 'halt' });
    expect(err!.message).not.toContain('wrong-secret');
  });

  it('halts on the unset token\'s placeholder without asking Telegram, saying what to do', async () => {
    const unset = new TelegramBotClient({ botToken: UNSET_BOT_TOKEN, apiBase: standIn.url });
    const err = await failure(unset.sendMessage({ chat_id: '1', text: 'x', parse_mode: 'HTML' }));
    expect(err!.action).toEqual({ kind: 'halt', reason: UNSET_BOT_TOKEN_REASON });
    expect(err!.action.kind === 'halt' && err!.action.reason).toMatch(/newshound secret set telegram-bot-token --stage .*@BotFather/);
    expect(standIn.sent()).toEqual([]);
  });

  it('retries when the API cannot be reached', async () => {
    const down = new TelegramBotClient({ botToken: TOKEN, apiBase: 'http://127.0.0.1:9', timeoutMs: 1000 });
    expect((await failure(down.sendMessage({ chat_id: '1', text: 'x', parse_mode: 'HTML' })))!.action).toEqual({ kind: 'retry', delaySeconds: 0 });
  });
});
