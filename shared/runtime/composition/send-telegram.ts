import { UNSET_BOT_TOKEN } from '../../domain/delivery/bot-token.js';
import { defineFunction } from '../ports.js';
import { SecretUnsetError } from '../secret-unset.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { lambdaEventSource } from '../platform/lambda-event-source.js';
import { memoryPacer } from '../platform/memory-pacer.js';
import { ssmParameterSecrets } from '../platform/ssm-parameters.js';
import { sqsQueues } from '../platform/sqs-queues.js';
import { storyGrouping } from '../platform/story-grouping.js';
import { telegramBotApi } from '../platform/telegram-bot-api.js';
import { timerSleep } from '../platform/timer-sleep.js';
import { deliveryDeps } from './delivery.js';

export const sendTelegramDefinition = defineFunction({
  name: 'send-telegram',
  aws: {
    factories: { table: dynamodbTable, stories: storyGrouping, telegram: telegramBotApi, pacer: memoryPacer, sleep: timerSleep, eventSource: lambdaEventSource },
    queues: sqsQueues,
    secrets: ssmParameterSecrets,
  },
  compose: async (p) => {
    const [signingKey, botToken] = await Promise.all([p.secret('signingKey'), p.secret('telegramBotToken').catch(unsetAsPlaceholder)]);
    return deliveryDeps(p, 'telegram', { signingKey }, { telegram: p.telegram(botToken), pacer: p.pacer, sleep: p.sleep });
  },
});

/**
 * Before the admin has set the bot token its parameter does not exist: the client halts the sender on the placeholder
 * (the backlog waits in the queue, the alarm fires) and the resume check reads the parameter again, uncached.
 */
const unsetAsPlaceholder = (error: unknown): string => {
  if (error instanceof SecretUnsetError) return UNSET_BOT_TOKEN;
  throw error;
};
