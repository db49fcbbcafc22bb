/**
 * The bot's own Bot API calls (getMe, getWebhookInfo, setWebhook, deleteWebhook) through TelegramBotAdmin, against the
 * local Telegram stand-in, which keeps the registered webhook and posts updates to it as Telegram does.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramChecks } from '../../../cli/admin/checks/telegram.js';
import type { AdminSession } from '../../../cli/admin/session.js';
import { startTelegramStandIn, type TelegramStandIn } from '../../../infra/local/telegram-stand-in.js';
import { TelegramBotAdmin } from '../../../shared/adapters/telegram/telegram-bot-admin.js';

const TOKEN = '4242:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
let standIn: TelegramStandIn;
let webhook: { url: string; received: IncomingHttpHeaders[]; status: number; close(): Promise<void> };

beforeAll(async () => {
  standIn = await startTelegramStandIn({ botToken: TOKEN });
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    req.resume();
    res.writeHead(webhook.status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  webhook = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`, received, status: 200, close: () => new Promise((resolve) => server.close(() => resolve())) };
});
afterAll(async () => {
  await standIn?.close();
  await webhook?.close();
});

describe('TelegramBotAdmin against the stand-in', () => {
  it('registers a webhook with its secret token; Telegram then posts updates there with it, and reports failed deliveries', async () => {
    const bot = new TelegramBotAdmin({ botToken: TOKEN, apiBase: standIn.url });
    expect(await bot.getMe()).toMatchObject({ ok: true, result: { is_bot: true, username: 'newshound_local_bot' } });
    expect(await bot.getWebhookInfo()).toMatchObject({ ok: true, result: { url: '' } });

    expect(await bot.setWebhook({ url: webhook.url, secretToken: 'not allowed!', allowedUpdates: ['message'] })).toEqual({ ok: false, status: 400, description: 'Bad Request: secret token contains unallowed characters' });
    expect(await bot.setWebhook({ url: webhook.url, secretToken: 'Secret_token-1', allowedUpdates: ['message', 'my_chat_member'] })).toEqual({ ok: true, result: true });
    expect(await bot.getWebhookInfo()).toMatchObject({ ok: true, result: { url: webhook.url, allowed_updates: ['message', 'my_chat_member'] } });

    expect(await standIn.deliverUpdate({ update_id: 1 })).toMatchObject({ status: 200 });
    expect(webhook.received.at(-1)?.['x-telegram-bot-api-secret-token']).toBe('Secret_token-1');
    webhook.status = 401;
    expect(await standIn.deliverUpdate({ update_id: 2 })).toMatchObject({ status: 401 });
    expect(await bot.getWebhookInfo()).toMatchObject({ result: { last_error_message: 'Wrong response from the webhook: 401 Unauthorized', last_error_date: expect.any(Number), pending_update_count: 1 } });
    expect(await standIn.deliverUpdate({ update_id: 3 })).toMatchObject({ status: 401 });
    expect(await bot.getWebhookInfo()).toMatchObject({ result: { pending_update_count: 2 } });
    // Accepted again: the backlog goes through; the last error stays reported, as Telegram reports it.
    webhook.status = 200;
    expect(await standIn.deliverUpdate({ update_id: 4 })).toMatchObject({ status: 200 });
    expect(await bot.getWebhookInfo()).toMatchObject({ result: { pending_update_count: 0, last_error_message: 'Wrong response from the webhook: 401 Unauthorized' } });

    expect(await bot.deleteWebhook()).toEqual({ ok: true, result: true });
    expect(await bot.getWebhookInfo()).toMatchObject({ result: { url: '' } });
    expect(await standIn.deliverUpdate({ update_id: 5 })).toBeUndefined();
  });

  it('answers a refused token or an unreachable API as a value, never with the token in it', async () => {
    expect(await new TelegramBotAdmin({ botToken: '1:wrongwrongwrongwrongwrong', apiBase: standIn.url }).getMe()).toEqual({ ok: false, status: 401, description: 'Unauthorized' });
    const echoing = (async () => Response.json({ ok: false, error_code: 404, description: `Not Found: /bot${TOKEN}/getMe` }, { status: 404 })) as typeof fetch;
    const refused = await new TelegramBotAdmin({ botToken: TOKEN, apiBase: standIn.url, fetch: echoing }).getMe();
    expect(refused).toEqual({ ok: false, status: 404, description: 'Not Found: /bot<bot token>/getMe' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await new TelegramBotAdmin({ botToken: TOKEN, apiBase: `http://127.0.0.1:${port}` }).getWebhookInfo();
    expect(down).toEqual({ ok: false, status: 0, description: `network error ECONNREFUSED from http://127.0.0.1:${port}` });
  });
});

describe("doctor's Telegram checks against the stand-in", () => {
  /** A deployment whose bot token parameter holds TOKEN and whose TelegramWebhookUrl is the receiver's URL. */
  const session = () =>
    ({
      stack: {
        names: { stateful: 'Newshound-test-Stateful', stateless: 'Newshound-test-Stateless' },
        output: (key: string) => ({ TelegramWebhookUrl: webhook.url, TelegramBotTokenSecretArn: 'arn:aws:ssm:eu-west-1:111111111111:parameter/newshound/test/telegram-bot-token' })[key],
        ofType: () => [],
      },
      clients: { ssm: { send: async () => ({ Parameter: { Value: TOKEN } }) } },
      target: { telegramApiBase: standIn.url },
    }) as unknown as AdminSession;

  it('needs action while updates wait behind a failing webhook, and is ok once deliveries go through, naming the failure', async () => {
    const bot = new TelegramBotAdmin({ botToken: TOKEN, apiBase: standIn.url });
    expect(await bot.setWebhook({ url: webhook.url, secretToken: 'Secret_token-2', allowedUpdates: ['message'] })).toMatchObject({ ok: true });
    expect(await telegramChecks(session(), new Date())).toEqual([
      { id: 'telegram-token', title: 'Telegram bot token', status: 'ok', detail: 'Telegram accepts it: @newshound_local_bot' },
      { id: 'telegram-webhook', title: 'Telegram webhook', status: 'ok', detail: `registered at ${webhook.url}` },
    ]);

    webhook.status = 500;
    await standIn.deliverUpdate({ update_id: 10 });
    const [, failing] = await telegramChecks(session(), new Date());
    expect(failing).toMatchObject({ status: 'action', detail: expect.stringMatching(/^registered, but Telegram cannot deliver: 1 update waiting, last failure at \S+: Wrong response from the webhook: 500 Internal Server Error$/), fix: expect.stringContaining('newshound telegram set-webhook') });

    webhook.status = 200;
    await standIn.deliverUpdate({ update_id: 11 });
    const [, recovered] = await telegramChecks(session(), new Date());
    expect(recovered).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^registered at \S+ \(delivering again after a failure at \S+: Wrong response from the webhook: 500 Internal Server Error\)$/) });
    // A failure older than a day is no longer mentioned.
    const [, later] = await telegramChecks(session(), new Date(Date.now() + 2 * 24 * 3600 * 1000));
    expect(later).toMatchObject({ status: 'ok', detail: `registered at ${webhook.url}` });
  });
});
