/**
 * The secret_token given to Telegram's setWebhook, which Telegram sends back on every update: derived from the bot
 * token, so it needs no secret of its own. Everything that checks or registers it holds the token, and a new token
 * (after a leak) gives a new secret_token.
 */
import { createHmac } from 'node:crypto';

const PURPOSE = 'newshound telegram webhook secret_token';

/** 43 characters of A-Z a-z 0-9 _ -, as Telegram allows (1-256 of them). */
export function telegramWebhookSecret(botToken: string): string {
  if (!botToken) throw new Error('no bot token to derive the Telegram webhook secret from');
  return createHmac('sha256', botToken).update(PURPOSE).digest('base64url');
}
