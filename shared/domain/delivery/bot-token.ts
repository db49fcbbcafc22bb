/**
 * What the Telegram sender holds while the bot token is unset (its SSM parameter does not exist until the admin runs
 * `newshound secret set telegram-bot-token`): a sender holding it halts with UNSET_BOT_TOKEN_REASON instead of calling
 * Telegram, and admin tools (`newshound doctor`) report the token as unset.
 */
export const UNSET_BOT_TOKEN = 'UNSET: put the Telegram bot token from @BotFather here';

export const UNSET_BOT_TOKEN_REASON =
  'bot token not set: run `newshound secret set telegram-bot-token --stage <stage>` with the token from @BotFather (docs/deploy.md, "Telegram"), then resume';

/** True for the placeholder and for a blank value: no token to try. */
export function isBotTokenUnset(value: string | undefined): boolean {
  const trimmed = (value ?? '').trim();
  return trimmed === '' || trimmed === UNSET_BOT_TOKEN;
}
