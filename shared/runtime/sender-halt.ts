/**
 * A sender whose provider refuses every message (SES sending paused or the account suspended, a Telegram bot token
 * that is refused) stops consuming: its queue's event source is disabled, so the backlog waits in the queue
 * without being received (no receive counts burnt, nothing dead-lettered), the halt is recorded with its reason
 * for admins, and the log line "ALARM consumer halted" feeds the SenderHalted alarm. A scheduled check starts the
 * queue again once the backoff has passed; if the cause is still there the first batch halts it again, with a
 * longer backoff. Invoking the function with {"resume":"now"} resumes at once.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../ports/clock.js';
import type { EventSourceSwitch, SenderHaltStore } from '../ports/event-source.js';

export interface SenderHaltDeps {
  sender: string;
  halts: SenderHaltStore;
  eventSource: EventSourceSwitch;
  clock: Clock;
  logger: Pick<Logger, 'error' | 'info' | 'warn'>;
}

/** The scheduled check's event (topology: the ResumeCheck schedule), or an admin's {"resume":"now"}. */
export interface ResumeRequest {
  resume: 'scheduled' | 'now';
}

export function isResumeRequest(event: unknown): event is ResumeRequest {
  const resume = (event as { resume?: unknown } | null)?.resume;
  return resume === 'scheduled' || resume === 'now';
}

const FIRST_BACKOFF_MINUTES = 5;
const MAX_BACKOFF_MINUTES = 60;
/** A resumed sender that has not halted again within this is healthy: its halt record goes. */
const HEALTHY_AFTER_MINUTES = 10;

export async function haltSender(deps: SenderHaltDeps, reason: string): Promise<void> {
  const now = deps.clock.now();
  const previous = await deps.halts.get(deps.sender);
  // Another container of this sender halted it a moment ago: one halt, not a failed resume.
  if (previous && new Date(previous.resumeAfter) > now) {
    await deps.eventSource.setEnabled(false);
    return;
  }
  const attempts = (previous?.attempts ?? 0) + 1;
  const backoff = Math.min(MAX_BACKOFF_MINUTES, FIRST_BACKOFF_MINUTES * 2 ** (attempts - 1));
  const resumeAfter = new Date(now.getTime() + backoff * 60_000).toISOString();
  await deps.halts.put({ sender: deps.sender, reason, since: previous?.since ?? now.toISOString(), attempts, resumeAfter });
  await deps.eventSource.setEnabled(false);
  deps.logger.error('ALARM consumer halted', { reason, attempts, resumeAfter });
}

export type ResumeResult = 'not-halted' | 'waiting' | 'resumed' | 'healthy';

export async function resumeIfDue(deps: SenderHaltDeps, request: ResumeRequest): Promise<ResumeResult> {
  const now = deps.clock.now();
  const halt = await deps.halts.get(deps.sender);
  if (!halt) return 'not-halted';
  const enabled = await deps.eventSource.isEnabled();
  if (enabled) {
    // Resumed earlier and not halted since: healthy once it has run a while.
    if (request.resume === 'now' || now.getTime() - new Date(halt.resumeAfter).getTime() >= HEALTHY_AFTER_MINUTES * 60_000) {
      await deps.halts.clear(deps.sender);
      deps.logger.info('sender healthy again', { haltedSince: halt.since, attempts: halt.attempts });
      return 'healthy';
    }
    return 'waiting';
  }
  if (request.resume !== 'now' && now < new Date(halt.resumeAfter)) return 'waiting';
  await deps.halts.put({ ...halt, resumeAfter: now.toISOString() });
  await deps.eventSource.setEnabled(true);
  deps.logger.warn('sender resumed; the next batch tells whether the cause is gone', { reason: halt.reason, attempts: halt.attempts });
  return 'resumed';
}
