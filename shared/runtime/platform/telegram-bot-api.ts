import { TelegramBotClient } from '../../adapters/telegram/telegram-bot-client.js';
import type { CapabilityFactory, World } from '../ports.js';

/** The Bot API at the configured base URL; the token is read per invocation, so a changed secret is picked up. */
export const telegramBotApi: CapabilityFactory<World['telegram']> =
  ({ config }) =>
  (botToken, options = {}) =>
    new TelegramBotClient({ botToken, apiBase: config.delivery.telegram.apiBase, timeoutMs: options.timeoutMs ?? config.delivery.telegram.timeoutMs });
