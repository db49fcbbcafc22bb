import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PollRequested } from '../../shared/domain/messages.js';
import { pollFeedDefinition } from '../../shared/runtime/composition/poll-feed.js';
import type { DepsOf } from '../../shared/runtime/ports.js';
import { queueConsumer } from '../../shared/runtime/queue-consumer.js';
import type { RecordHandler } from '../../shared/runtime/sqs-consumer.js';
import type { ConsumerOutcome } from '../../shared/usecases/consumer-outcome.js';
import { pollFeed, type PollFeedResult } from '../../shared/usecases/poll-feed.js';

/**
 * poll queue → one feed polled per message (unless not due or leased); feed health to logs and metrics.
 * Two messages for one feed in one batch fetch it once; a forced one after a skipped scheduled one still polls.
 */
export const makeHandler = (deps: DepsOf<typeof pollFeedDefinition>): RecordHandler<PollRequested> => {
  const { logger, metrics, feeds } = deps;
  const inBatch = new Map<string, Promise<PollFeedResult>>();
  const poll = async (body: PollRequested, requestId: string): Promise<PollFeedResult> => {
    const feed = feeds.find((f) => f.id === body.feedId)!;
    const result = await pollFeed({ ...deps, leaseHolder: requestId }, { feed, onlyIfDue: !body.force });
    // Aggregate metrics only: a per-feed dimension would be a custom metric per feed (USD 0.30 each a month).
    if (result.status === 'error') metrics.addMetric('PollFailed', MetricUnit.Count, 1);
    if (result.newArticles > 0) metrics.addMetric('NewArticles', MetricUnit.Count, result.newArticles);
    // 304s and skips are most polls: at DEBUG they cost no log ingestion unless someone turns it on.
    if (result.status === 'not-modified' || result.status === 'skipped') logger.debug('polled', { ...result });
    else logger.info('polled', { ...result });
    return result;
  };
  return async (body, meta): Promise<ConsumerOutcome> => {
    if (!feeds.some((f) => f.id === body.feedId)) return { kind: 'park', reason: `unknown feed "${body.feedId}"` };
    const earlier = inBatch.get(body.feedId);
    if (earlier) {
      const first = await earlier;
      if (!(body.force && first.status === 'skipped')) return { kind: 'done', detail: 'duplicate in batch' };
    }
    const polling = poll(body, meta.requestId);
    inBatch.set(body.feedId, polling);
    return { kind: 'done', detail: (await polling).status };
  };
};

export const handler = queueConsumer(pollFeedDefinition, makeHandler, { metrics: true });
