import { isBotTokenUnset } from '../../domain/delivery/bot-token.js';
import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { lambdaEventSource } from '../platform/lambda-event-source.js';
import { memoryPacer } from '../platform/memory-pacer.js';
import { secretsManagerSecrets } from '../platform/secrets-manager.js';
import { sqsQueues } from '../platform/sqs-queues.js';
import { telegramBotApi } from '../platform/telegram-bot-api.js';
import { timerSleep } from '../platform/timer-sleep.js';
import { deliveryDeps } from './delivery.js';

export const sendTelegramDefinition = defineFunction({
  name: 'send-telegram',
  aws: {
    factories: { table: dynamodbTable, telegram: telegramBotApi, pacer: memoryPacer, sleep: timerSleep, eventSource: lambdaEventSource },
    queues: sqsQueues,
    secrets: secretsManagerSecrets,
  },
  compose: async (p) => {
    const [signingKey, cached] = await Promise.all([p.secret('signingKey'), p.secret('telegramBotToken')]);
    // While the token is unset the sender is halted; an admin who has just put the token in and resumes it must not
    // wait for the cached placeholder to expire.
    const botToken = isBotTokenUnset(cached) ? await p.secret('telegramBotToken', { fresh: true }) : cached;
    return deliveryDeps(p, 'telegram', { signingKey }, { telegram: p.telegram(botToken), pacer: p.pacer, sleep: p.sleep });
  },
});
