import * as z from 'zod/mini';
import type { FeedState } from '../../shared/domain/feed-source.js';
import { firstIssue } from '../../shared/domain/message-schemas.js';
import { dispatchPollsDefinition } from '../../shared/runtime/composition/dispatch-polls.js';
import { emitMetric } from '../../shared/runtime/emit-metric.js';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.js';
import type { DepsOf } from '../../shared/runtime/ports.js';
import { METRICS } from '../../shared/topology/metrics.js';
import { dispatchPolls } from '../../shared/usecases/dispatch-polls.js';
import { reportFailingFeeds } from '../../shared/usecases/report-failing-feeds.js';
import { seedSubscribers } from '../../shared/usecases/seed-subscribers.js';

/** The schedule sends {scheduledTime}; an admin may send {"force": true, "feedIds": [...]} to poll now. */
const dispatchEvent = z.object({ scheduledTime: z.optional(z.string()), force: z.optional(z.boolean()), feedIds: z.optional(z.array(z.string())) });

type Deps = DepsOf<typeof dispatchPollsDefinition>;

/**
 * Scheduled: queue a poll for every feed that is due; add admin-defined subscribers that are missing; from the feed
 * states it read, count the feeds failing for too long and tell the admins when that set changed.
 */
export const makeHandler = (deps: Deps) => async (event: unknown) => {
  const parsed = dispatchEvent.safeParse(event ?? {});
  if (!parsed.success) throw new Error(`invalid dispatch-polls event: ${firstIssue(parsed.error)}`);
  const seeded = await seedSubscribers(deps.subscriberStore, deps.configSubscribers);
  if (seeded.length > 0) deps.logger.info('added admin-defined subscribers', { seeded });
  const { force, feedIds } = parsed.data;
  const dispatched = await dispatchPolls(deps, { ...(force ? { force } : {}), ...(feedIds ? { feedIds } : {}) });
  deps.logger.info('dispatched polls', { count: dispatched.feedIds.length, feedIds: dispatched.feedIds, force: Boolean(force) });
  const failing = dispatched.states && !feedIds ? await reportFailing(deps, dispatched.states) : undefined;
  return { dispatched: dispatched.feedIds.length, seeded: seeded.length, ...(failing !== undefined ? { failingFeeds: failing } : {}) };
};

/** The polls are queued whatever happens here: a notice that cannot go out is tried again on the next tick. */
async function reportFailing(deps: Deps, states: FeedState[]): Promise<number | undefined> {
  try {
    const report = await reportFailingFeeds(deps.failingFeeds, states);
    emitMetric(deps.metrics, METRICS.feedsFailing, report.failing.length);
    if (report.notified) deps.logger.warn('told the admins which feeds are failing', { feedIds: report.failing.map((f) => f.feedId) });
    return report.failing.length;
  } catch (error) {
    deps.logger.error('cannot report the failing feeds; the next tick tries again', { error });
    return undefined;
  }
}

export const handler = lambdaHandler(dispatchPollsDefinition, makeHandler, { metrics: true });
