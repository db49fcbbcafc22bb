import type { PollRequested } from '../../shared/domain/messages.js';
import { pollFeedDefinition } from '../../shared/runtime/composition/poll-feed.js';
import { emitMetric } from '../../shared/runtime/emit-metric.js';
import type { DepsOf } from '../../shared/runtime/ports.js';
import { queueConsumer } from '../../shared/runtime/queue-consumer.js';
import type { RecordHandler } from '../../shared/runtime/sqs-consumer.js';
import { LOG_EVENTS, METRICS } from '../../shared/topology/metrics.js';
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
    // Aggregate metrics only: a per-feed or per-topic dimension would be a custom metric each (USD 0.30 a month).
    if (result.status !== 'skipped') emitMetric(metrics, METRICS.polls, 1);
    if (result.status === 'not-modified') emitMetric(metrics, METRICS.pollsNotModified, 1);
    if (result.status === 'error') emitMetric(metrics, METRICS.pollFailed, 1);
    if (result.newArticles > 0) emitMetric(metrics, METRICS.newArticles, result.newArticles);
    // Matches per topic: one line each, which the dashboard counts with Logs Insights.
    const { matched } = LOG_EVENTS;
    for (const [topicId, count] of Object.entries(result.matches)) logger.info(matched.message, { feedId: result.feedId, [matched.fields.topicId]: topicId, [matched.fields.matches]: count });
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
