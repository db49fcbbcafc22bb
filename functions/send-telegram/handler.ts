import { telegramAdapter } from '../../shared/runtime/delivery-adapters/telegram.js';
import { deliveryLambda } from '../../shared/runtime/delivery-handler.js';

/** telegram queue → one alert delivered once (delivery ledger), retried with backoff or parked with its reason. */
export const handler = deliveryLambda('telegram', telegramAdapter);
