import type { LocalCloud } from './aws/local-cloud.js';

/**
 * An admin's "poll now", as `newshound poll` sends it: dispatch-polls invoked with {"force": true}, which queues a
 * forced poll that poll-feed runs whatever next-poll time the feed's state holds. Returns how many feeds were queued
 * (0 for a disabled one); throws with dispatch-polls' own message (an unknown feed is named in it).
 */
export async function pollNow(cloud: Pick<LocalCloud, 'lambda'>, feedIds?: string[]): Promise<number> {
  const result = await cloud.lambda.invoke('dispatch-polls', { force: true, ...(feedIds ? { feedIds } : {}) });
  if (!result.ok) throw new Error(result.error.errorMessage);
  return (result.result as { dispatched?: number } | undefined)?.dispatched ?? 0;
}
