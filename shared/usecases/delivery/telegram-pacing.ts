/** Telegram's pacing per chat and per bot, through the SendPacer port: reserve a slot, then report the answer. */
import { telegramLimits } from '../../domain/delivery/pacing.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { Run } from './run.js';

/** Pacing applies only when the runtime gave both a pacer and Telegram's rates. */
export const pacesTelegram = (run: Run) => Boolean(run.deps.pacer && run.deps.config.telegram);

/** Milliseconds `holder` must wait before sending to the subscriber's chat; 0 means send now. */
export function reserveTelegramSend(run: Run, holder: string, sub: Subscriber): Promise<number> {
  return run.deps.pacer!.reserve(holder, telegramLimits(sub.telegramChatId!, run.deps.config.telegram!), run.now);
}

/** The reserved send got its answer (or failed) just now. */
export function telegramSendAnswered(run: Run, holder: string): Promise<void> {
  return run.deps.pacer!.answered(holder, run.deps.clock.now());
}
