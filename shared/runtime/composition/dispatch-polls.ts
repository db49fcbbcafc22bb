import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { sqsQueues } from '../platform/sqs-queues.js';

export const dispatchPollsDefinition = defineFunction({
  name: 'dispatch-polls',
  aws: { factories: { table: dynamodbTable }, queues: sqsQueues },
  compose: (p) => ({
    feeds: p.config.feeds,
    feedStates: p.table.feedStates,
    pollQueue: p.queue('poll'),
    clock: p.clock,
    subscriberStore: p.table.subscribers,
    configSubscribers: p.config.subscribers,
    logger: p.logger,
  }),
});
