import type { SweepOutboxDeps } from '../../usecases/sweep-outbox.js';
import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { sqsQueues } from '../platform/sqs-queues.js';

export const sweepOutboxDefinition = defineFunction({
  name: 'sweep-outbox',
  aws: { factories: { table: dynamodbTable }, queues: sqsQueues },
  compose: (p): SweepOutboxDeps => ({ matches: p.table.matches, fanOut: p.queue('fan-out'), clock: p.clock }),
});
