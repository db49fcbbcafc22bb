import { HttpWebhookClient } from '../../adapters/http/webhook-client.js';
import type { WebhookClient } from '../../ports/senders.js';
import type { CapabilityFactory } from '../ports.js';

/** Signed POSTs through the SSRF guard. */
export const httpWebhooks: CapabilityFactory<WebhookClient> = ({ config }) => new HttpWebhookClient({ allowLoopback: config.allowLoopback, timeoutMs: config.delivery.webhook.timeoutMs });
