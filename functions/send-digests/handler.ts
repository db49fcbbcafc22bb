import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DeliveryRequested } from '../../shared/domain/messages.js';
import { systemClock } from '../../shared/runtime/system-clock.js';
import { observability, queue, stores } from '../../shared/runtime/lambda-common.js';
import { sendDigests, type SendDigestsDeps } from '../../shared/usecases/send-digests.js';

const { logger } = observability('send-digests');

/** Scheduled: hand every due digest batch to its channel's queue. */
export const makeHandler = (deps: SendDigestsDeps) => async () => {
  const result = await sendDigests(deps);
  logger.info('digests queued', { ...result });
  return result;
};

export const handler = middy(
  makeHandler({
    digests: stores().digests,
    queues: { email: queue<DeliveryRequested>('email'), telegram: queue<DeliveryRequested>('telegram'), webhook: queue<DeliveryRequested>('webhook') },
    clock: systemClock,
  }),
).use(injectLambdaContext(logger));
