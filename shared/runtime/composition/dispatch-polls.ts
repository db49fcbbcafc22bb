import { defineFunction } from '../ports.js';
import { dynamodbFailingFeedsReports, dynamodbTable } from '../platform/dynamodb-table.js';
import { snsAlarmTopic } from '../platform/sns-alarm-topic.js';
import { sqsQueues } from '../platform/sqs-queues.js';

export const dispatchPollsDefinition = defineFunction({
  name: 'dispatch-polls',
  aws: { factories: { table: dynamodbTable, failingFeedsReports: dynamodbFailingFeedsReports, adminNotifier: snsAlarmTopic }, queues: sqsQueues },
  compose: (p) => ({
    feeds: p.config.feeds,
    feedStates: p.table.feedStates,
    pollQueue: p.queue('poll'),
    clock: p.clock,
    pushSubscriptions: p.table.pushSubscriptions,
    safetyPollMinutes: p.config.websub.safetyPollMinutes,
    subscriberStore: p.table.subscribers,
    configSubscribers: p.config.subscribers,
    logger: p.logger,
    metrics: p.metrics,
    failingFeeds: {
      feeds: p.config.feeds,
      reports: p.failingFeedsReports,
      notifier: p.adminNotifier,
      clock: p.clock,
      config: { stage: p.config.stage, failingFeedHours: p.config.monitoring.failingFeedHours },
    },
  }),
});
