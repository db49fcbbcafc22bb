import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { sqsQueues } from '../platform/sqs-queues.js';
import type { FanOutDeps } from '../../usecases/fan-out.js';

export const fanOutDefinition = defineFunction({
  name: 'fan-out',
  aws: { factories: { table: dynamodbTable }, queues: sqsQueues },
  compose: (p): FanOutDeps => ({
    articles: p.table.articles,
    subscribers: p.table.subscribers,
    activity: p.table.activity,
    storyAlerts: p.table.storyAlerts,
    queues: { email: p.queue('email'), telegram: p.queue('telegram'), webhook: p.queue('webhook'), publish: p.queue('publish') },
    clock: p.clock,
    config: { storm: p.config.delivery.storm, telegramPerSecond: p.config.delivery.telegram.perBotPerSecond },
  }),
});
