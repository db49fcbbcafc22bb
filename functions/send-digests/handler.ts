import { sendDigestsDefinition } from '../../shared/runtime/composition/send-digests.js';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.js';
import type { DepsOf, Ports } from '../../shared/runtime/ports.js';
import { sendDigests } from '../../shared/usecases/send-digests.js';

/** Scheduled: hand every due digest batch to its channel's queue. */
export const makeHandler = (deps: DepsOf<typeof sendDigestsDefinition>, ports: Pick<Ports<'send-digests'>, 'logger'>) => async () => {
  const result = await sendDigests(deps);
  ports.logger.info('digests queued', { ...result });
  return result;
};

export const handler = lambdaHandler(sendDigestsDefinition, makeHandler);
