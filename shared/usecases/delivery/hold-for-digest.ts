/** Holds an alert for a later digest instead of sending it: the ledger records it as handled, the digest store keeps it. */
import type { Hold } from '../../domain/delivery/hold.js';
import type { DeliveryRequested } from '../../domain/messages.js';
import type { DigestEntry, DigestStore } from '../../ports/delivery-state.js';
import type { DeliveryKey } from '../../ports/stores.js';
import type { ConsumerOutcome } from '../consumer-outcome.js';
import { completeLedger, release, unclaimedOutcome } from './ledger-steps.js';
import { done, type Run } from './run.js';

export async function holdForDigest(run: Run, digests: DigestStore, key: DeliveryKey, msg: DeliveryRequested, hold: Hold): Promise<ConsumerOutcome> {
  const claim = await run.deps.ledger.claim(key, run.now, run.lease);
  const unclaimed = unclaimedOutcome(run, claim);
  if (unclaimed) return unclaimed;
  const slot = hold.slot.toISOString();
  try {
    const entry: DigestEntry = { subscriberId: key.subscriberId, channel: key.channel, slot, articleId: key.articleId, matches: msg.matches, reason: hold.reason, addedAt: run.now.toISOString(), ...(hold.note ? { note: hold.note } : {}) };
    await digests.add(entry);
  } catch (err) {
    await release(run, key);
    throw err;
  }
  await completeLedger(run, key, `held:${hold.reason}:${slot}`);
  return done(`held: ${hold.reason}`);
}
