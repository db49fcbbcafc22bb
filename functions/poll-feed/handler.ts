import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { GuardedHttpFetcher } from '../../shared/adapters/http/guarded-fetcher.js';
import type { ArticleMatchesHandedOn, PollRequested } from '../../shared/domain/messages.js';
import { compileTopics } from '../../shared/domain/topics/index.js';
import { systemClock } from '../../shared/runtime/system-clock.js';
import type { ConsumerOutcome } from '../../shared/usecases/consumer-outcome.js';
import { pollFeed, type PollFeedDeps } from '../../shared/usecases/poll-feed.js';
import { loadLambdaConfig } from '../../shared/runtime/lambda-config.js';
import { consumerOf, observability, queue, stores } from '../../shared/runtime/lambda-common.js';
import type { ConsumerMeta } from '../../shared/runtime/sqs-consumer.js';

const { logger, metrics } = observability('poll-feed');
const config = loadLambdaConfig();

/** poll queue → one feed polled per message (unless not due or leased); feed health to logs and metrics. */
export const makeHandler = (deps: PollFeedDeps) => async (body: PollRequested, meta: ConsumerMeta): Promise<ConsumerOutcome> => {
  const feed = config.feeds.find((f) => f.id === body.feedId);
  if (!feed) return { kind: 'park', reason: `unknown feed "${body.feedId}"` };
  const result = await pollFeed({ ...deps, leaseHolder: meta.requestId }, { feed, onlyIfDue: !body.force });
  // Aggregate metrics only: a per-feed dimension would be a custom metric per feed (USD 0.30 each a month).
  // Per-feed health lives in the feed state (status page) and in this log line.
  if (result.status === 'error') metrics.addMetric('PollFailed', MetricUnit.Count, 1);
  if (result.newArticles > 0) metrics.addMetric('NewArticles', MetricUnit.Count, result.newArticles);
  // 304s and skips are most polls: at DEBUG they cost no log ingestion unless someone turns it on.
  if (result.status === 'not-modified' || result.status === 'skipped') logger.debug('polled', { ...result });
  else logger.info('polled', { ...result });
  return { kind: 'done', detail: result.status };
};

const s = stores();
const useCase = makeHandler({
  fetcher: new GuardedHttpFetcher({ timeoutMs: config.polling.fetchTimeoutMs, maxBytes: config.polling.maxBodyBytes }),
  feedStates: s.feedStates,
  articles: s.articles,
  matches: s.matches,
  fanOut: queue<ArticleMatchesHandedOn>('fan-out'),
  topics: compileTopics(config.topics),
  clock: systemClock,
  config: config.polling,
});
export const handler = middy(consumerOf<PollRequested>('poll', logger, useCase))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
