import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DeliveryRequested } from '../domain/messages.js';
import type { Channel } from '../domain/subscriber.js';
import { deliverAlert, type DeliverAlertDeps } from '../usecases/deliver-alert.js';
import { awsDeliveryDeps, type ChannelAdapterBuilder } from './delivery-deps.js';
import { loadLambdaConfig } from './lambda-config.js';
import { consumerOf, observability } from './lambda-common.js';
import type { ConsumerMeta } from './sqs-consumer.js';

/** One alert delivered once (ledger), or retried / parked with a reason. */
export const makeDeliveryHandler = (deps: () => Promise<DeliverAlertDeps>) => async (body: DeliveryRequested, meta: ConsumerMeta) => deliverAlert(await deps(), body, meta);

/**
 * The Lambda handler of send-<channel>: the channel's queue, AWS adapters built on the first message.
 * The handler passes its channel's adapter builder (emailAdapter, ...) so its bundle holds no other.
 */
export function deliveryLambda(channel: Channel, buildAdapter: ChannelAdapterBuilder) {
  const { logger } = observability(`send-${channel}`);
  const config = loadLambdaConfig();
  let deps: Promise<DeliverAlertDeps> | undefined;
  const useCase = makeDeliveryHandler(() => (deps ??= awsDeliveryDeps(config, channel, buildAdapter)));
  return middy(consumerOf<DeliveryRequested>(channel, logger, useCase)).use(injectLambdaContext(logger));
}
