import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ArticleMatchesHandedOn, DeliveryRequested, PublishRequested } from '../../shared/domain/messages.js';
import { systemClock } from '../../shared/runtime/system-clock.js';
import { loadLambdaConfig } from '../../shared/runtime/lambda-config.js';
import { consumerOf, observability, queue, stores } from '../../shared/runtime/lambda-common.js';
import { fanOut, type FanOutDeps } from '../../shared/usecases/fan-out.js';

const { logger } = observability('fan-out');

/** fan-out queue → one delivery per subscriber and channel, one publish request per topic. */
export const makeHandler = (deps: FanOutDeps) => (body: ArticleMatchesHandedOn) => fanOut(deps, body);

const config = loadLambdaConfig();
const s = stores();
const useCase = makeHandler({
  articles: s.articles,
  subscribers: s.subscribers,
  activity: s.activity,
  queues: {
    email: queue<DeliveryRequested>('email'),
    telegram: queue<DeliveryRequested>('telegram'),
    webhook: queue<DeliveryRequested>('webhook'),
    publish: queue<PublishRequested>('publish'),
  },
  clock: systemClock,
  config: { storm: config.delivery.storm, telegramPerSecond: config.delivery.telegram.perBotPerSecond },
});
export const handler = middy(consumerOf<ArticleMatchesHandedOn>('fan-out', logger, useCase)).use(injectLambdaContext(logger));
