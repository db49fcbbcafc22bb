import { deadLetterQueues } from '../dead-letter-queues.js';
import type { Check } from '../report.js';
import type { AdminSession } from '../session.js';

/** No message waits in a dead-letter queue (work queues' DLQs and the async-failure queue). */
export async function deadLettersCheck(session: AdminSession): Promise<Check> {
  const base = { id: 'dead-letters', title: 'Dead letters' };
  const queues = await deadLetterQueues(session.clients, session.stack);
  const waiting = queues.filter((q) => q.depth > 0);
  if (waiting.length === 0) return { ...base, status: 'ok', detail: `none waiting in ${queues.length} dead-letter queues` };
  const total = waiting.reduce((n, q) => n + q.depth, 0);
  return {
    ...base,
    status: 'action',
    detail: `${total} message${total === 1 ? '' : 's'} waiting`,
    items: waiting.map((q) => `${q.label}: ${q.depth}`),
    fix: `newshound dlq show ${waiting[0]!.label} (each message's reason), then newshound dlq redrive ${waiting[0]!.label} once the cause is fixed`,
  };
}
