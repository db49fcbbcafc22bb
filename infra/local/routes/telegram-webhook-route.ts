/** The Telegram bot's webhook on the local server (POST /telegram/webhook): the same edge the telegram-webhook Lambda runs. */
import { handleTelegramWebhook, TELEGRAM_WEBHOOK_PATH } from '../../../shared/usecases/subscriptions/telegram-webhook.js';
import type { LocalRoute } from '../context.js';
import { readLimitedBody, toHttpRequest, writeResponse } from './subscription-routes.js';

/** Telegram's updates are far below this; anything larger is not an update. */
const MAX_UPDATE_BYTES = 1024 * 1024;

export const telegramWebhookRoute: LocalRoute = async (req, res, url, ctx) => {
  if (url.pathname !== TELEGRAM_WEBHOOK_PATH) return false;
  if (!ctx.subscriptions) {
    res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'the Telegram bot is not wired in this local runtime' }));
    return true;
  }
  const body = await readLimitedBody(req, MAX_UPDATE_BYTES);
  if (body === undefined) {
    res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ ok: false, error: 'too large' }));
    return true;
  }
  try {
    writeResponse(res, await handleTelegramWebhook(ctx.subscriptions.bot, toHttpRequest(req, url, body)));
  } catch (error) {
    // A failing store: 500 makes Telegram deliver the update again.
    console.error('telegram webhook failed:', error);
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false }));
  }
  return true;
};
