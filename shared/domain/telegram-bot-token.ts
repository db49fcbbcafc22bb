/** What @BotFather hands out: the bot's numeric id, a colon, a secret of letters, digits, `_` and `-`. */
const BOT_TOKEN = /^\d+:[A-Za-z0-9_-]{20,}$/;

/** False for anything else: an empty value, a placeholder, the random password a secret starts out with. */
export function looksLikeBotToken(value: string | undefined): boolean {
  return value !== undefined && BOT_TOKEN.test(value.trim());
}
