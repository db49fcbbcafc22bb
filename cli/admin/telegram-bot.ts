/** The deployment's bot, as an admin reaches it: its token from the stack's secret, the Bot API the stack talks to. */
import { TelegramBotAdmin } from '../../shared/adapters/telegram/telegram-bot-admin.js';
import { looksLikeBotToken } from '../../shared/domain/telegram-bot-token.js';
import type { AdminSession } from './session.js';
import { putSecretCommand, readSecret, secretRef } from './stack-secrets.js';

/** The updates the bot handles (the telegram-webhook function's commands and its chat membership). */
export const ALLOWED_UPDATES = ['message', 'my_chat_member'];

/** The bot, or why there is none; either way the command that puts a new token into the secret. */
export type BotAccess = { ok: true; bot: TelegramBotAdmin; fix: string } | { ok: false; problem: string; fix: string };

export async function botAccess(session: AdminSession): Promise<BotAccess> {
  const ref = secretRef(session.stack, 'TelegramBotToken');
  const token = await readSecret(session.clients, ref);
  const fix = putSecretCommand(ref, '<token from @BotFather>');
  if (!looksLikeBotToken(token)) return { ok: false, problem: token ? 'the bot token secret holds no bot token, only a placeholder (its initial random value, or text that is no token)' : 'the bot token secret has no value', fix };
  return { ok: true, bot: new TelegramBotAdmin({ botToken: token!.trim(), apiBase: session.target.telegramApiBase }), fix };
}

/** Where Telegram must post updates: the stack's TelegramWebhookUrl output. */
export function webhookUrl(session: AdminSession): string {
  const url = session.stack.output('TelegramWebhookUrl');
  if (!url) throw new Error(`${session.stack.names.stateless} has no TelegramWebhookUrl output`);
  return url;
}
