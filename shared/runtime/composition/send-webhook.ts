import { isWebhookKey, WEBHOOK_KEY_RULE } from '../../domain/delivery/webhook-keys.js';
import { parseSecretMap } from '../../domain/secret-map.js';
import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { httpWebhooks } from '../platform/http-webhooks.js';
import { ssmParameterSecrets } from '../platform/ssm-parameters.js';
import { sqsQueues } from '../platform/sqs-queues.js';
import { storyGrouping } from '../platform/story-grouping.js';
import { deliveryDeps } from './delivery.js';

export const sendWebhookDefinition = defineFunction({
  name: 'send-webhook',
  aws: { factories: { table: dynamodbTable, stories: storyGrouping, webhooks: httpWebhooks }, queues: sqsQueues, secrets: ssmParameterSecrets },
  compose: async (p) => {
    const keys = parseSecretMap('WebhookKeys', await p.secret('webhookKeys'), { test: isWebhookKey, description: WEBHOOK_KEY_RULE });
    // Their deliveries are retried, then parked, naming the receiver.
    if (keys.rejected.length > 0) p.logger.error('webhook keys refused in the WebhookKeys secret', { receivers: keys.rejected });
    return deliveryDeps(p, 'webhook', { webhookKeys: keys.values }, { webhooks: p.webhooks });
  },
});
