/** The deployment's bot, as an admin reaches it: its token from the stage's parameter, the Bot API the stack talks to. */
import { TelegramBotAdmin } from '../../shared/adapters/telegram/telegram-bot-admin.js';
import { looksLikeBotToken } from '../../shared/domain/telegram-bot-token.js';
import type { AdminSession } from './session.js';
import { botTokenParameter, readBotToken, setBotTokenCommand } from './stack-secrets.js';

/** The updates the bot handles (the telegram-webhook function's commands and its chat membership). */
export const ALLOWED_UPDATES = ['message', 'my_chat_member'];

/** The bot, or why there is none; either way the command that sets a new token. */
export type BotAccess = { ok: true; bot: TelegramBotAdmin; token: string; fix: string } | { ok: false; problem: string; fix: string };

export async function botAccess(session: AdminSession): Promise<BotAccess> {
  const parameter = botTokenParameter(session.stack);
  const token = await readBotToken(session.clients, parameter);
  const fix = setBotTokenCommand(parameter);
  if (!looksLikeBotToken(token)) return { ok: false, problem: token ? `${parameter.name} holds no bot token` : `the bot token is not set (${parameter.name} does not exist yet)`, fix };
  return { ok: true, bot: new TelegramBotAdmin({ botToken: token!.trim(), apiBase: session.target.telegramApiBase }), token: token!.trim(), fix };
}

/** Where Telegram must post updates: the stack's TelegramWebhookUrl output. */
export function webhookUrl(session: AdminSession): string {
  const url = session.stack.output('TelegramWebhookUrl');
  if (!url) throw new Error(`${session.stack.names.stateless} has no TelegramWebhookUrl output`);
  return url;
}
