/**
 * send-digests (scheduled, e.g. every 5 minutes): hands every due batch of held alerts to its channel queue as a
 * DeliveryRequested with `digestSlot`; deliver-alert renders and sends it once (ledger key `digest:<slot>`) and removes the batch.
 * Running twice, or crashing half-way, only re-queues batches the ledger already de-duplicates.
 */
import { digestArticleId } from '../domain/delivery/delivery-keys.js';
import type { DeliveryRequested } from '../domain/messages.js';
import type { Channel } from '../domain/subscriber.js';
import type { Clock } from '../ports/clock.js';
import type { DigestStore } from '../ports/delivery-state.js';
import type { Queue } from '../ports/queue.js';

export interface SendDigestsDeps {
  digests: DigestStore;
  queues: Record<Channel, Queue<DeliveryRequested>>;
  clock: Clock;
  config?: {
    /** Batches handed on per run (the schedule picks up the rest next time). */
    limit?: number;
    /** A batch queued this long ago and still present is queued again (its message was lost or parked). */
    requeueAfterSeconds?: number;
  };
}

export interface SendDigestsResult {
  due: number;
  queued: Record<Channel, number>;
}

export async function sendDigests(deps: SendDigestsDeps): Promise<SendDigestsResult> {
  const now = deps.clock.now();
  const requeueAfter = deps.config?.requeueAfterSeconds ?? 30 * 60;
  const due = await deps.digests.listDue(now, new Date(now.getTime() - requeueAfter * 1000), deps.config?.limit ?? 1000);
  const queued: Record<Channel, number> = { email: 0, telegram: 0, webhook: 0 };
  for (const channel of ['email', 'telegram', 'webhook'] as const) {
    const refs = due.filter((r) => r.channel === channel);
    if (!refs.length) continue;
    await deps.queues[channel].send(refs.map((r) => ({ subscriberId: r.subscriberId, channel, articleId: digestArticleId(r.slot), matches: [], digestSlot: r.slot })));
    for (const r of refs) await deps.digests.markEnqueued(r, now);
    queued[channel] = refs.length;
  }
  return { due: due.length, queued };
}
