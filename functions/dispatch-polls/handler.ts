import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { PollRequested } from '../../shared/domain/messages.js';
import { systemClock } from '../../shared/runtime/system-clock.js';
import type { Subscriber } from '../../shared/domain/subscriber.js';
import type { SubscriberStore } from '../../shared/ports/stores.js';
import { dispatchPolls, type DispatchPollsDeps } from '../../shared/usecases/dispatch-polls.js';
import { seedSubscribers } from '../../shared/usecases/seed-subscribers.js';
import { loadLambdaConfig } from '../../shared/runtime/lambda-config.js';
import { observability, queue, stores } from '../../shared/runtime/lambda-common.js';

const { logger } = observability('dispatch-polls');

/** Scheduled: queue a poll for every feed that is due; add admin-defined subscribers that are missing. */
export const makeHandler = (deps: DispatchPollsDeps & { subscriberStore: SubscriberStore; configSubscribers: Subscriber[] }) => async () => {
  const seeded = await seedSubscribers(deps.subscriberStore, deps.configSubscribers);
  if (seeded.length > 0) logger.info('added admin-defined subscribers', { seeded });
  const feedIds = await dispatchPolls(deps);
  logger.info('dispatched polls', { count: feedIds.length, feedIds });
  return { dispatched: feedIds.length, seeded: seeded.length };
};

const config = loadLambdaConfig();
const s = stores();
export const handler = middy(
  makeHandler({
    feeds: config.feeds,
    feedStates: s.feedStates,
    pollQueue: queue<PollRequested>('poll'),
    clock: systemClock,
    subscriberStore: s.subscribers,
    configSubscribers: config.subscribers,
  }),
).use(injectLambdaContext(logger));
