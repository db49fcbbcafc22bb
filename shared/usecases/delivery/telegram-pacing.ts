/** Telegram's pacing per chat and per bot, through the SendPacer port: reserve a slot, then report the answer. */
import { telegramLimits, waitsInInvocation } from '../../domain/delivery/pacing.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { Run } from './run.js';

/** Pacing applies only when the runtime gave both a pacer and Telegram's rates. */
export const pacesTelegram = (run: Run) => Boolean(run.deps.pacer && run.deps.config.telegram);

/**
 * Reserves `holder`'s send to the subscriber's chat. A short wait is waited out here (through the injected sleep, when
 * the runtime gave one), then the holder asks again and keeps its place; what comes back is the run at the instant the
 * slot was taken (`waitMs` 0: send now) or the wait left for a longer one, which the caller re-queues.
 */
export async function reserveTelegramSend(run: Run, holder: string, sub: Subscriber): Promise<{ waitMs: number; run: Run }> {
  const limits = telegramLimits(sub.telegramChatId!, run.deps.config.telegram!);
  const { sleep, pacer, clock } = run.deps;
  let waited = 0;
  for (;;) {
    const waitMs = await pacer!.reserve(holder, limits, run.now);
    if (!sleep || !waitsInInvocation(waitMs, waited, run.remainingMs?.())) return { waitMs, run };
    await sleep(waitMs);
    waited += waitMs;
    run = { ...run, now: clock.now() };
  }
}

/** The reserved send got its answer (or failed) just now. */
export function telegramSendAnswered(run: Run, holder: string): Promise<void> {
  return run.deps.pacer!.answered(holder, run.deps.clock.now());
}
