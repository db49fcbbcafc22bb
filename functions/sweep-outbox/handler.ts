import { sweepOutboxDefinition } from '../../shared/runtime/composition/sweep-outbox.js';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.js';
import type { DepsOf, Ports } from '../../shared/runtime/ports.js';
import { sweepOutbox } from '../../shared/usecases/sweep-outbox.js';

/** Scheduled: re-hand matches left pending by a crash between "stored" and "handed on". */
export const makeHandler = (deps: DepsOf<typeof sweepOutboxDefinition>, ports: Pick<Ports<'sweep-outbox'>, 'logger'>) => async () => {
  const { rehanded, parked } = await sweepOutbox(deps);
  if (rehanded > 0) ports.logger.warn('re-handed pending matches', { rehanded });
  if (parked > 0) ports.logger.error('parked matches the fan-out queue refused', { parked });
  return { rehanded, parked };
};

export const handler = lambdaHandler(sweepOutboxDefinition, makeHandler);
