/**
 * Answers naming an address take the same time whatever its state. The work differs by state (a suppressed
 * address is never mailed, so it skips the SES call: in AWS a whole round trip), and a stranger timing answers
 * would learn which addresses bounced or complained. In Lambda nothing may run after the answer, so the work
 * cannot be moved behind it; instead every answer waits until `answerMs` after the work began, failures included.
 * Work that overruns the budget (a very slow SES call) answers late: keep the budget above the work's slowest.
 */
import type { SubscriptionDeps } from './deps.js';

export async function paced<T>(deps: Pick<SubscriptionDeps, 'clock' | 'sleep' | 'config'>, work: () => Promise<T>): Promise<T> {
  const started = deps.clock.now().getTime();
  try {
    return await work();
  } finally {
    const left = started + deps.config.answerMs - deps.clock.now().getTime();
    if (left > 0) await deps.sleep(left);
  }
}
