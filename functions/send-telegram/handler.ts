import type { DeliveryRequested } from '../../shared/domain/messages.js';
import { sendTelegramDefinition } from '../../shared/runtime/composition/send-telegram.js';
import type { DepsOf } from '../../shared/runtime/ports.js';
import { queueConsumer } from '../../shared/runtime/queue-consumer.js';
import type { ConsumerMeta } from '../../shared/runtime/sqs-consumer.js';
import { deliverAlert } from '../../shared/usecases/deliver-alert.js';

/** telegram queue → one alert delivered once (delivery ledger), retried with backoff, parked with its reason, or halted with its provider. */
export const makeHandler = (deps: DepsOf<typeof sendTelegramDefinition>) => (body: DeliveryRequested, meta: ConsumerMeta) => deliverAlert(deps, body, meta);

export const handler = queueConsumer(sendTelegramDefinition, makeHandler, { metrics: true });
