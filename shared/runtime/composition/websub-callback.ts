import { DEFAULT_WEBSUB_TIMING } from '../../domain/websub/subscription.js';
import type { WebSubCallbackDeps } from '../../usecases/websub/websub-callback.js';
import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { s3InboxBucket } from '../platform/s3-inbox-bucket.js';
import { sqsQueues } from '../platform/sqs-queues.js';
import { ssmParameterSecrets } from '../platform/ssm-parameters.js';

/** API Gateway takes 10 MB, Lambda 6 MB in a synchronous invocation: real feeds push far less. */
const MAX_PUSH_BYTES = 5 * 1024 * 1024;

export const websubCallbackDefinition = defineFunction({
  name: 'websub-callback',
  aws: { factories: { table: dynamodbTable, inbox: s3InboxBucket }, queues: sqsQueues, secrets: ssmParameterSecrets },
  compose: (p): WebSubCallbackDeps => ({
    feeds: p.config.feeds,
    subscriptions: p.table.pushSubscriptions,
    inbox: p.inbox,
    pollQueue: p.queue('poll'),
    clock: p.clock,
    masterKey: () => p.secret('websubKey'),
    config: { timing: { ...DEFAULT_WEBSUB_TIMING, leaseSeconds: p.config.websub.leaseSeconds }, maxBodyBytes: Math.min(MAX_PUSH_BYTES, p.config.polling.maxBodyBytes) },
  }),
});
