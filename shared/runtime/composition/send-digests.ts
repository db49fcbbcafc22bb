import type { SendDigestsDeps } from '../../usecases/send-digests.js';
import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { sqsQueues } from '../platform/sqs-queues.js';

export const sendDigestsDefinition = defineFunction({
  name: 'send-digests',
  aws: { factories: { table: dynamodbTable }, queues: sqsQueues },
  compose: (p): SendDigestsDeps => ({
    digests: p.table.digests,
    queues: { email: p.queue('email'), telegram: p.queue('telegram'), webhook: p.queue('webhook') },
    clock: p.clock,
  }),
});
