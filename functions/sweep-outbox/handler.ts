import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ArticleMatchesHandedOn } from '../../shared/domain/messages.js';
import { systemClock } from '../../shared/runtime/system-clock.js';
import { observability, queue, stores } from '../../shared/runtime/lambda-common.js';
import { sweepOutbox, type SweepOutboxDeps } from '../../shared/usecases/sweep-outbox.js';

const { logger } = observability('sweep-outbox');

/** Scheduled: re-hand matches left pending by a crash between "stored" and "handed on". */
export const makeHandler = (deps: SweepOutboxDeps) => async () => {
  const { rehanded, parked } = await sweepOutbox(deps);
  if (rehanded > 0) logger.warn('re-handed pending matches', { rehanded });
  if (parked > 0) logger.error('parked matches the fan-out queue refused', { parked });
  return { rehanded, parked };
};

export const handler = middy(
  makeHandler({ matches: stores().matches, fanOut: queue<ArticleMatchesHandedOn>('fan-out'), clock: systemClock }),
).use(injectLambdaContext(logger));
