import { isWebhookKey, WEBHOOK_KEY_RULE } from '../../shared/domain/delivery/webhook-keys.js';
import { secretMapCommand } from '../secret-map-command.js';

export const summary = "Print a webhook receiver's signing key, adding one to the webhook-keys parameter";

export const run = secretMapCommand({
  name: 'webhook-key',
  secret: 'webhookKeys',
  idOf: 'subscriber',
  valueName: 'key',
  rule: { test: isWebhookKey, description: WEBHOOK_KEY_RULE },
  handOver: () => 'Give it to the receiver: it checks X-Newshound-Signature (t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<body>")>) with it.',
});
