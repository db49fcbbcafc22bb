import { defineFunction } from '../ports.js';
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
    const [signingKey, botToken] = await Promise.all([p.secret('signingKey'), p.secret('telegramBotToken')]);
    return deliveryDeps(p, 'telegram', { signingKey }, { telegram: p.telegram(botToken), pacer: p.pacer });
  },
});
