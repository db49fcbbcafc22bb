/**
 * ses-events: permanent bounces and complaints suppress the address. Idempotent: duplicates, reordering
 * and partial failures converge on the same state (the suppression record is written once, and every
 * subscriber holding the address ends suppressed however often the notification arrives).
 */
import { interpretSesNotification } from '../../domain/subscription/ses-notification.js';
import { suppressEmailOf } from '../../domain/subscription/lifecycle.js';
import type { SesEventsDeps } from './deps.js';
import { holdersOf } from './address-holders.js';

export type SesEventResult =
  | { kind: 'suppressed'; reason: 'bounce' | 'complaint'; newlySuppressed: string[]; alreadySuppressed: string[]; subscribersChanged: string[] }
  | { kind: 'ignored'; why: string };

export async function recordSesNotification(deps: SesEventsDeps, notification: unknown): Promise<SesEventResult> {
  const verdict = interpretSesNotification(notification, deps.clock.now());
  if (verdict.kind === 'ignore') return { kind: 'ignored', why: verdict.why };
  const result: SesEventResult = { kind: 'suppressed', reason: verdict.reason, newlySuppressed: [], alreadySuppressed: [], subscribersChanged: [] };
  for (const email of verdict.addresses) {
    const first = await deps.suppressions.suppress({ email, reason: verdict.reason, at: verdict.at, detail: verdict.detail });
    (first ? result.newlySuppressed : result.alreadySuppressed).push(email);
    // Applied even when the record existed: a previous attempt may have failed after writing it.
    for (const sub of await holdersOf(deps, email)) {
      const next = suppressEmailOf(sub, verdict.reason, verdict.at);
      if (!next) continue;
      await deps.subscribers.put(next);
      result.subscribersChanged.push(sub.id);
    }
  }
  deps.log?.('ses notification', { reason: result.reason, newly: result.newlySuppressed.length, already: result.alreadySuppressed.length, subscribersChanged: result.subscribersChanged });
  return result;
}

