import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DeliveryRequested } from '../../shared/domain/messages.js';
import { awsDeliveryDeps } from '../../shared/runtime/delivery-deps.js';
import { loadLambdaConfig } from '../../shared/runtime/lambda-config.js';
import { consumerOf, observability } from '../../shared/runtime/lambda-common.js';
import { deliverAlert, type DeliverAlertDeps } from '../../shared/usecases/deliver-alert.js';

const { logger } = observability('send-webhook');
const config = loadLambdaConfig();

/** webhook queue → one alert delivered once (ledger), or retried / parked with a reason. */
export const makeHandler = (deps: () => Promise<DeliverAlertDeps>) => async (body: DeliveryRequested) => deliverAlert(await deps(), body);

let deps: Promise<DeliverAlertDeps> | undefined;
const useCase = makeHandler(() => (deps ??= awsDeliveryDeps(config)));
export const handler = middy(consumerOf<DeliveryRequested>('webhook', logger, useCase)).use(injectLambdaContext(logger));
