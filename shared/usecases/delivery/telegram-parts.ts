/** Sends a Telegram message in parts. Multi-part messages record each part in the ledger, so a retry after part 2 of 3 sends only part 3. */
import { deliveryId, messagePartKey } from '../../domain/delivery/delivery-keys.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { DeliveryKey } from '../../ports/stores.js';
import { completeLedger, release } from './ledger-steps.js';
import type { Run } from './run.js';
import type { SendResult } from './send-result.js';
import { sendTelegramFollowingMigration } from './telegram-migration.js';
import { pacesTelegram, reserveTelegramSend, telegramSendAnswered } from './telegram-pacing.js';

/** `alreadyPaced`: the caller reserved the pacing slot of a one-part message before claiming the ledger. */
export async function sendTelegramParts(run: Run, key: DeliveryKey, sub: Subscriber, parts: string[], alreadyPaced: boolean): Promise<SendResult> {
  const { deps } = run;
  const ids: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const partKey = parts.length === 1 ? undefined : messagePartKey(key, i, parts.length);
    if (partKey) {
      const claim = await deps.ledger.claim(partKey, run.now, run.lease);
      if (claim === 'sent') continue;
      if (claim === 'busy') return { kind: 'wait', ms: run.lease * 1000, reason: 'another consumer holds a part lease' };
    }
    const holder = deliveryId(partKey ?? key);
    const paced = pacesTelegram(run);
    try {
      if (paced && !alreadyPaced) {
        const { waitMs: wait } = await reserveTelegramSend(run, holder, sub);
        if (wait > 0) {
          if (partKey) await release(run, partKey);
          return { kind: 'wait', ms: wait, reason: 'paced' };
        }
      }
      try {
        const { messageId } = await sendTelegramFollowingMigration(run, sub, parts[i]!);
        ids.push(messageId);
      } finally {
        if (paced) await telegramSendAnswered(run, holder);
      }
    } catch (err) {
      if (partKey) await release(run, partKey);
      throw err;
    }
    if (partKey) await completeLedger(run, partKey, String(ids.at(-1)));
  }
  return { kind: 'sent', providerId: ids.length ? ids.join(',') : 'parts-already-sent' };
}
