import * as z from 'zod/mini';
import { firstIssue } from '../../shared/domain/message-schemas.js';
import { dispatchPollsDefinition } from '../../shared/runtime/composition/dispatch-polls.js';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.js';
import type { DepsOf } from '../../shared/runtime/ports.js';
import { dispatchPolls } from '../../shared/usecases/dispatch-polls.js';
import { seedSubscribers } from '../../shared/usecases/seed-subscribers.js';

/** The schedule sends {scheduledTime}; an admin may send {"force": true, "feedIds": [...]} to poll now. */
const dispatchEvent = z.object({ scheduledTime: z.optional(z.string()), force: z.optional(z.boolean()), feedIds: z.optional(z.array(z.string())) });

/** Scheduled: queue a poll for every feed that is due; add admin-defined subscribers that are missing. */
export const makeHandler = (deps: DepsOf<typeof dispatchPollsDefinition>) => async (event: unknown) => {
  const parsed = dispatchEvent.safeParse(event ?? {});
  if (!parsed.success) throw new Error(`invalid dispatch-polls event: ${firstIssue(parsed.error)}`);
  const seeded = await seedSubscribers(deps.subscriberStore, deps.configSubscribers);
  if (seeded.length > 0) deps.logger.info('added admin-defined subscribers', { seeded });
  const { force, feedIds } = parsed.data;
  const dispatched = await dispatchPolls(deps, { ...(force ? { force } : {}), ...(feedIds ? { feedIds } : {}) });
  deps.logger.info('dispatched polls', { count: dispatched.length, feedIds: dispatched, force: Boolean(force) });
  return { dispatched: dispatched.length, seeded: seeded.length };
};

export const handler = lambdaHandler(dispatchPollsDefinition, makeHandler);
