import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { PollRequested } from '../../shared/domain/messages.js';
import { systemClock } from '../../shared/ports/clock.js';
import { dispatchPolls, type DispatchPollsDeps } from '../../shared/usecases/dispatch-polls.js';
import { loadLambdaConfig } from '../../shared/runtime/lambda-config.js';
import { observability, queue, stores } from '../../shared/runtime/lambda-common.js';

const { logger } = observability('dispatch-polls');

/** Scheduled: queue a poll for every feed that is due. */
export const makeHandler = (deps: DispatchPollsDeps) => async () => {
  const feedIds = await dispatchPolls(deps);
  logger.info('dispatched polls', { count: feedIds.length, feedIds });
  return { dispatched: feedIds.length };
};

const config = loadLambdaConfig();
export const handler = middy(
  makeHandler({ feeds: config.feeds, feedStates: stores().feedStates, pollQueue: queue<PollRequested>('poll'), clock: systemClock }),
).use(injectLambdaContext(logger));
