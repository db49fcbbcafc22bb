/** The delivery ledger's claim → complete (or release) steps, shared by sends and holds. */
import type { DeliveryKey, DeliveryLedger } from '../../ports/stores.js';
import type { ConsumerOutcome } from '../consumer-outcome.js';
import { done, type Run } from './run.js';

export type Claim = Awaited<ReturnType<DeliveryLedger['claim']>>;

/** What a consumer does when its claim is not granted; undefined when it may go on. */
export function unclaimedOutcome(run: Run, claim: Claim): ConsumerOutcome | undefined {
  if (claim === 'sent') return done('already-sent');
  if (claim === 'busy') return { kind: 'retry', delaySeconds: run.lease, reason: 'another consumer holds the lease' };
  return undefined;
}

export async function release(run: Run, key: DeliveryKey): Promise<void> {
  try {
    await run.deps.ledger.release(key);
  } catch {
    // The lease expires on its own; releasing early only speeds up the retry.
  }
}

/** The send happened: record it, trying a few times, because a lost `complete` is the one way to send twice. */
export async function completeLedger(run: Run, key: DeliveryKey, providerId: string | undefined): Promise<boolean> {
  for (let i = 0; i < 3; i++) {
    try {
      await run.deps.ledger.complete(key, run.now, providerId);
      return true;
    } catch {
      // retry at once: no sleeping in a consumer
    }
  }
  return false;
}
