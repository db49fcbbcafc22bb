import type { DeliveryRequested } from '../../shared/domain/messages.js';
import { sendEmailDefinition } from '../../shared/runtime/composition/send-email.js';
import type { DepsOf } from '../../shared/runtime/ports.js';
import { queueConsumer } from '../../shared/runtime/queue-consumer.js';
import type { ConsumerMeta } from '../../shared/runtime/sqs-consumer.js';
import { deliverAlert } from '../../shared/usecases/deliver-alert.js';

/** email queue → one alert delivered once (delivery ledger), retried with backoff, parked with its reason, or halted with its provider. */
export const makeHandler = (deps: DepsOf<typeof sendEmailDefinition>) => (body: DeliveryRequested, meta: ConsumerMeta) => deliverAlert(deps, body, meta);

export const handler = queueConsumer(sendEmailDefinition, makeHandler, { metrics: true });
