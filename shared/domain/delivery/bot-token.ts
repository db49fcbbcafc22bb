/**
 * The Telegram bot token secret until an admin puts the token from @BotFather in: the stack creates the secret with
 * this value, a sender that reads it halts with UNSET_BOT_TOKEN_REASON instead of calling Telegram, and admin tools
 * (`newshound doctor`) report it as unset.
 */
export const UNSET_BOT_TOKEN = 'UNSET: put the Telegram bot token from @BotFather here';

export const UNSET_BOT_TOKEN_REASON =
  'bot token not set: the TelegramBotToken secret still holds its placeholder; put the token from @BotFather into it (docs/deploy.md, "Telegram"), then resume';

/** True for the placeholder and for a blank value: no token to try. */
export function isBotTokenUnset(value: string | undefined): boolean {
  const trimmed = (value ?? '').trim();
  return trimmed === '' || trimmed === UNSET_BOT_TOKEN;
}
