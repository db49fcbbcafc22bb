import { DeliveryError } from '../../ports/errors.js';
import type { TelegramClient } from '../../ports/senders.js';
import { defineFunction } from '../ports.js';
import { SecretUnsetError } from '../secret-unset.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { lambdaEventSource } from '../platform/lambda-event-source.js';
import { memoryPacer } from '../platform/memory-pacer.js';
import { ssmParameterSecrets } from '../platform/ssm-parameters.js';
import { sqsQueues } from '../platform/sqs-queues.js';
import { telegramBotApi } from '../platform/telegram-bot-api.js';
import { deliveryDeps } from './delivery.js';

export const sendTelegramDefinition = defineFunction({
  name: 'send-telegram',
  aws: {
    factories: { table: dynamodbTable, telegram: telegramBotApi, pacer: memoryPacer, eventSource: lambdaEventSource },
    queues: sqsQueues,
    secrets: ssmParameterSecrets,
  },
  compose: async (p) => {
    const [signingKey, botToken] = await Promise.all([p.secret('signingKey'), p.secret('telegramBotToken').catch(unsetAsUndefined)]);
    const telegram = botToken === undefined ? noBotToken() : p.telegram(botToken);
    return deliveryDeps(p, 'telegram', { signingKey }, { telegram, pacer: p.pacer });
  },
});

const unsetAsUndefined = (error: unknown): undefined => {
  if (error instanceof SecretUnsetError) return undefined;
  throw error;
};

/**
 * Before the admin has set the bot token, every send halts the sender as a token Telegram refuses does: the backlog
 * waits in the queue, the alarm fires, and the resume check tries again once the token is set.
 */
function noBotToken(): TelegramClient {
  return {
    sendMessage: () => Promise.reject(new DeliveryError('Telegram bot token unset', { kind: 'halt', reason: 'bot token unset: run newshound secret set telegram-bot-token' }, 'telegram')),
  };
}
