import { emailAdapter } from '../../shared/runtime/delivery-adapters/email.js';
import { deliveryLambda } from '../../shared/runtime/delivery-handler.js';

/** email queue → one alert delivered once (delivery ledger), retried with backoff or parked with its reason. */
export const handler = deliveryLambda('email', emailAdapter);
