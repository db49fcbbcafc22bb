import type { SesEventsDeps } from '../../usecases/subscriptions/deps.js';
import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';

export const sesEventsDefinition = defineFunction({
  name: 'ses-events',
  aws: { factories: { table: dynamodbTable } },
  compose: (p): SesEventsDeps => ({ subscribers: p.table.subscribers, suppressions: p.table.suppressions, clock: p.clock }),
});
