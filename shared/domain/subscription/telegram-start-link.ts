/**
 * The subscribe page's way into the bot: a deep link `https://t.me/<bot>?start=<payload>` that makes Telegram send
 * `/start <payload>` from the chat. The payload is the chosen topic ids joined by "_" (ids hold only [a-z0-9-], so
 * "_" never occurs in one); Telegram allows 1 to 64 characters of [A-Za-z0-9_-].
 */
export const START_PAYLOAD_MAX = 64;
const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/** The payload for these topic ids, or undefined when they do not fit Telegram's 64 characters (or are not ids). */
export function encodeStartPayload(topicIds: readonly string[]): string | undefined {
  const ids = [...new Set(topicIds)];
  if (!ids.length || ids.some((id) => !/^[a-z0-9][a-z0-9-]*$/.test(id))) return undefined;
  const payload = ids.join('_');
  return payload.length <= START_PAYLOAD_MAX ? payload : undefined;
}

/**
 * The topic ids a /start argument names when it is a payload of known ids (unknown ones listed apart), or undefined
 * when it is not payload-shaped (free text such as "/start CSTO, Karabakh" is then read as topic names).
 */
export function decodeStartPayload(args: string, knownIds: readonly string[]): { found: string[]; unknown: string[] } | undefined {
  if (!PAYLOAD.test(args) || (!args.includes('_') && !knownIds.includes(args))) return undefined;
  const found: string[] = [];
  const unknown: string[] = [];
  for (const part of args.split('_')) {
    if (!part) continue;
    const list = knownIds.includes(part) ? found : unknown;
    if (!list.includes(part)) list.push(part);
  }
  return { found, unknown };
}

/** The deep link that opens the bot with these topics chosen, or undefined when they do not fit one link. */
export function telegramStartLink(botUsername: string, topicIds: readonly string[], base = 'https://t.me'): string | undefined {
  const payload = encodeStartPayload(topicIds);
  return payload === undefined ? undefined : `${base.replace(/\/+$/, '')}/${encodeURIComponent(botUsername)}?start=${payload}`;
}
