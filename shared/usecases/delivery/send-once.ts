/**
 * Ledger claim (lease) → send → complete. Redelivered or concurrent duplicates find the ledger 'sent' or 'busy'.
 * The only duplicate left is a crash after the provider accepted and before `complete`.
 */
import { deliveryId } from '../../domain/delivery/delivery-keys.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { DeliveryKey } from '../../ports/stores.js';
import type { ConsumerOutcome } from '../consumer-outcome.js';
import type { ChannelContent } from './channel-content.js';
import { failureOutcome } from './failure-outcome.js';
import { completeLedger, release, unclaimedOutcome, type Claim } from './ledger-steps.js';
import { done, type Run } from './run.js';
import { sendContent } from './send-content.js';
import type { SendResult } from './send-result.js';
import { pacesTelegram, reserveTelegramSend, telegramSendAnswered } from './telegram-pacing.js';

/** `firstSeen`: the article's, for an instant alert (its latency is reported); absent for a digest. */
export async function sendOnce(run: Run, key: DeliveryKey, sub: Subscriber, content: ChannelContent, firstSeen?: string): Promise<ConsumerOutcome> {
  // A one-part Telegram message is paced before the ledger is touched, so waiting for a slot costs no ledger writes.
  const pacedUpFront = content.channel === 'telegram' && content.parts.length === 1 && pacesTelegram(run);
  const holder = deliveryId(key);
  if (pacedUpFront) {
    const paced = await reserveTelegramSend(run, holder, sub);
    if (paced.waitMs > 0) return { kind: 'retry', delaySeconds: paced.waitMs / 1000, reason: 'paced' };
    run = paced.run;
  }
  let claim: Claim;
  try {
    claim = await run.deps.ledger.claim(key, run.now, run.lease);
  } catch (err) {
    if (pacedUpFront) await telegramSendAnswered(run, holder);
    throw err;
  }
  if (claim !== 'claimed' && pacedUpFront) await telegramSendAnswered(run, holder);
  const unclaimed = unclaimedOutcome(run, claim);
  if (unclaimed) return unclaimed;
  let result: SendResult;
  try {
    result = await sendContent(run, key, sub, content, pacedUpFront);
  } catch (err) {
    await release(run, key);
    return await failureOutcome(run, sub, key.channel, err);
  }
  if (result.kind === 'wait') {
    await release(run, key);
    return { kind: 'retry', delaySeconds: result.ms / 1000, reason: result.reason };
  }
  // Even when the ledger write fails, the message went out: finishing here (not retrying) avoids a second send.
  await completeLedger(run, key, result.providerId);
  reportSent(run, key, firstSeen);
  return done('sent');
}

function reportSent(run: Run, key: DeliveryKey, firstSeen: string | undefined): void {
  if (!run.deps.onSent) return;
  const seen = firstSeen === undefined ? NaN : Date.parse(firstSeen);
  const latencyMs = Number.isNaN(seen) ? undefined : Math.max(0, run.deps.clock.now().getTime() - seen);
  run.deps.onSent({ channel: key.channel, kind: firstSeen === undefined ? 'digest' : 'instant', ...(latencyMs !== undefined ? { latencyMs } : {}) });
}
