import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { httpWebhooks } from '../platform/http-webhooks.js';
import { secretsManagerSecrets } from '../platform/secrets-manager.js';
import { sqsQueues } from '../platform/sqs-queues.js';
import { deliveryDeps } from './delivery.js';

export const sendWebhookDefinition = defineFunction({
  name: 'send-webhook',
  aws: { factories: { table: dynamodbTable, webhooks: httpWebhooks }, queues: sqsQueues, secrets: secretsManagerSecrets },
  compose: async (p) => deliveryDeps(p, 'webhook', await p.secret('signingKey'), { webhooks: p.webhooks }),
});
