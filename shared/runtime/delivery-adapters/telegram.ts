import { TelegramBotClient } from '../../adapters/telegram/telegram-bot-client.js';
import type { ChannelAdapterBuilder } from '../delivery-deps.js';
import { secretValue } from '../lambda-common.js';
import { FunctionEnv } from '../lambda-env.js';

/** send-telegram: the Bot API, its token read from Secrets Manager on first use. */
export const telegramAdapter: ChannelAdapterBuilder = async (config, env) => {
  const botToken = env[FunctionEnv.telegramBotTokenSecretArn] ? await secretValue(FunctionEnv.telegramBotTokenSecretArn, env) : '';
  return { telegram: new TelegramBotClient({ botToken, apiBase: config.delivery.telegram.apiBase, timeoutMs: config.delivery.telegram.timeoutMs }) };
};
