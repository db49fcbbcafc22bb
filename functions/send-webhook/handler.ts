import type { DeliveryRequested } from '../../shared/domain/messages.js';
import { sendWebhookDefinition } from '../../shared/runtime/composition/send-webhook.js';
import type { DepsOf } from '../../shared/runtime/ports.js';
import { queueConsumer } from '../../shared/runtime/queue-consumer.js';
import type { ConsumerMeta } from '../../shared/runtime/sqs-consumer.js';
import { deliverAlert } from '../../shared/usecases/deliver-alert.js';

/** webhook queue → one alert delivered once (delivery ledger), retried with backoff or parked with its reason. */
export const makeHandler = (deps: DepsOf<typeof sendWebhookDefinition>) => (body: DeliveryRequested, meta: ConsumerMeta) => deliverAlert(deps, body, meta);

export const handler = queueConsumer(sendWebhookDefinition, makeHandler, { metrics: true });
