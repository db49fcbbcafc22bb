import { describe, expect, it } from 'vitest';
import { telegramWebhookSecret } from '../../../shared/domain/subscription/telegram-webhook-secret.js';

describe('the Telegram webhook secret_token, derived from the bot token', () => {
  it('is the same for the same token, in the characters Telegram allows, and never the token itself', () => {
    const token = '123456:AAbbCCddEEffGGhhIIjjKKllMMnn_-0';
    expect(telegramWebhookSecret(token)).toBe(telegramWebhookSecret(token));
    expect(telegramWebhookSecret(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(telegramWebhookSecret(token)).not.toContain(token.split(':')[1]);
  });

  it('changes with the token, so a new token (after a leak) needs a new setWebhook', () => {
    expect(telegramWebhookSecret('123456:first-token-0123456789abcdef')).not.toBe(telegramWebhookSecret('123456:second-token-0123456789abcdef'));
  });

  it('refuses an empty token instead of deriving a guessable secret', () => {
    expect(() => telegramWebhookSecret('')).toThrow('no bot token');
  });
});
