import { webhookAdapter } from '../../shared/runtime/delivery-adapters/webhook.js';
import { deliveryLambda } from '../../shared/runtime/delivery-handler.js';

/** webhook queue → one alert delivered once (delivery ledger), retried with backoff or parked with its reason. */
export const handler = deliveryLambda('webhook', webhookAdapter);
