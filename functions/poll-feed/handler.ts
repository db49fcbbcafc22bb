import { firstIssue, pollRequestedSchema } from '../../shared/domain/message-schemas.js';
import { feedIdsOf, type PollRequested } from '../../shared/domain/messages.js';
import { pollFeedDefinition } from '../../shared/runtime/composition/poll-feed.js';
import { emitMetric } from '../../shared/runtime/emit-metric.js';
import type { DepsOf } from '../../shared/runtime/ports.js';
import { queueConsumer } from '../../shared/runtime/queue-consumer.js';
import { isThrottled, type RecordHandler } from '../../shared/runtime/sqs-consumer.js';
import { LOG_EVENTS, METRICS } from '../../shared/topology/metrics.js';
import type { ConsumerOutcome } from '../../shared/usecases/consumer-outcome.js';
import { ingestPushedBody } from '../../shared/usecases/ingest-pushed-body.js';
import { pollFeed, type PollFeedResult } from '../../shared/usecases/poll-feed.js';

/**
 * poll queue → the feeds a message names, polled concurrently, each on its own (unless not due or leased); feed health
 * to logs and metrics. A feed that fails (HTTP, parse, a timeout) is recorded and backs off without touching the others.
 * Should a poll throw (the table unreachable), the others finish first, then the message fails and comes back: the
 * feeds polled already are then not due and skipped. Two requests for one feed in one batch fetch it once; a forced
 * one after a skipped scheduled one still polls.
 */
export const makeHandler = (deps: DepsOf<typeof pollFeedDefinition>): RecordHandler<PollRequested> => {
  const { logger, metrics, feeds } = deps;
  const inBatch = new Map<string, Promise<PollFeedResult>>();
  const poll = async (feedId: string, force: boolean, requestId: string): Promise<PollFeedResult> => {
    const feed = feeds.find((f) => f.id === feedId)!;
    const result = await pollFeed({ ...deps, leaseHolder: requestId }, { feed, onlyIfDue: !force });
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
  const pollOnce = async (feedId: string, force: boolean, requestId: string): Promise<string> => {
    const earlier = inBatch.get(feedId);
    if (earlier) {
      const first = await earlier.catch(() => undefined);
      if (first && !(force && first.status === 'skipped')) return 'duplicate in batch';
    }
    const polling = poll(feedId, force, requestId);
    inBatch.set(feedId, polling);
    return (await polling).status;
  };
  const ingestPushed = async (feedId: string, pushed: NonNullable<PollRequested['pushed']>, requestId: string): Promise<ConsumerOutcome> => {
    const feed = feeds.find((f) => f.id === feedId);
    if (!feed) return { kind: 'done', detail: `pushed body for a feed no longer configured: ${feedId}` };
    const result = await ingestPushedBody({ ...deps, config: {}, leaseHolder: requestId }, { feed, pushed });
    // A poll of the feed is running: the push waits for it (its items may then be known already, and are skipped).
    if (result.status === 'skipped' && result.skipped === 'lease-held') return { kind: 'retry', delaySeconds: 15, reason: 'a poll of the feed holds its lease' };
    if (result.newArticles > 0) emitMetric(metrics, METRICS.newArticles, result.newArticles);
    const { matched } = LOG_EVENTS;
    for (const [topicId, count] of Object.entries(result.matches)) logger.info(matched.message, { feedId, [matched.fields.topicId]: topicId, [matched.fields.matches]: count });
    if (result.status === 'ok') logger.info('ingested a pushed body', { ...result });
    else logger.warn('a pushed body was not ingested', { ...result });
    return { kind: 'done', detail: `pushed: ${result.status}${result.error ? ` (${result.error})` : ''}` };
  };
  return async (input, meta): Promise<ConsumerOutcome> => {
    const parsed = pollRequestedSchema.safeParse(input);
    if (!parsed.success) return { kind: 'park', reason: `invalid poll message: ${firstIssue(parsed.error)}` };
    const body: PollRequested = parsed.data;
    if (body.pushed) return body.feedId !== undefined ? ingestPushed(body.feedId, body.pushed, meta.requestId) : { kind: 'park', reason: 'a pushed body names no feedId' };
    const ids = feedIdsOf(body);
    const known = ids.filter((id) => feeds.some((f) => f.id === id));
    const unknown = ids.filter((id) => !known.includes(id));
    if (known.length === 0) return { kind: 'park', reason: ids.length ? `unknown feed ${unknown.map((id) => `"${id}"`).join(', ')}` : 'the poll message names no feed' };
    // A feed removed from the config since dispatch: nothing to poll for it.
    if (unknown.length > 0) logger.warn('unknown feeds in a poll message, skipped', { unknown });
    const settled = await Promise.allSettled(known.map((id) => pollOnce(id, body.force === true, meta.requestId)));
    const rejected = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ feedId: known[i]!, error: s.reason as unknown }] : []));
    if (rejected.length > 0) {
      const failure = new Error(`polling ${rejected.length} of ${known.length} feeds failed: ${rejected.map((r) => `${r.feedId}: ${r.error instanceof Error ? r.error.message : String(r.error)}`).join('; ')}`);
      // Throttled and nothing else: the message is retried later rather than counted as a failed receive.
      if (rejected.every((r) => isThrottled(r.error))) failure.name = (rejected[0]!.error as Error).name;
      throw failure;
    }
    const statuses = settled.map((s) => (s as PromiseFulfilledResult<string>).value);
    if (ids.length === 1) return { kind: 'done', detail: statuses[0]! };
    const counts = new Map<string, number>();
    for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
    return { kind: 'done', detail: `polled ${known.length} feeds: ${[...counts].map(([status, n]) => `${status} ${n}`).join(', ')}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}` };
  };
};

export const handler = queueConsumer(pollFeedDefinition, makeHandler, { metrics: true });
