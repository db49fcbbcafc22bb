/** The bot's webhook edge: the secret header checked in constant time, the update handed to the bot. */
import { secretMatches } from '../../domain/subscription/secret-compare.js';
import type { TelegramBotDeps } from './deps.js';
import type { HttpRequest, HttpResponse } from './http-types.js';
import { handleTelegramUpdate } from './telegram-bot.js';

export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Where Telegram posts updates (the same path as TELEGRAM_WEBHOOK_PATH in infra/stacks/stateless-stack.ts). */
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

const json = (status: number, body: unknown): HttpResponse => ({ status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify(body) });

export async function handleTelegramWebhook(deps: TelegramBotDeps & { webhookSecret: string }, req: Pick<HttpRequest, 'method' | 'headers' | 'body'>): Promise<HttpResponse> {
  if (req.method !== 'POST') return { ...json(405, { ok: false, error: 'method not allowed' }), headers: { 'content-type': 'application/json; charset=utf-8', allow: 'POST' } };
  if (!secretMatches(req.headers[TELEGRAM_SECRET_HEADER], deps.webhookSecret)) return json(401, { ok: false, error: 'unauthorized' });
  let update: unknown;
  try {
    update = JSON.parse(req.body);
  } catch {
    return json(400, { ok: false, error: 'body is not JSON' });
  }
  // Errors from the stores propagate: a 5xx makes Telegram deliver the update again.
  const result = await handleTelegramUpdate(deps, update);
  deps.log?.('telegram update', { ...result });
  return json(200, { ok: true });
}
