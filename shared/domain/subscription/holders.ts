/** Which of several records holding one address a request should act on. */
import type { Subscriber } from '../subscriber.js';

const RANK: Record<Subscriber['status'], number> = { active: 0, paused: 1, pending: 3, unsubscribed: 4, suppressed: 5 };

/** Receiving holders first (active, then paused), then the self-service record with `ownId`, then the rest. */
export function preferredHolder(holders: readonly Subscriber[], ownId: string): Subscriber | undefined {
  const rank = (s: Subscriber) => (RANK[s.status] <= 1 ? RANK[s.status] : s.id === ownId ? 2 : RANK[s.status]);
  return [...holders].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id))[0];
}

/** The holder that gets alerts (active first, then paused), if any. */
export function receivingHolder(holders: readonly Subscriber[]): Subscriber | undefined {
  const holder = preferredHolder(holders, '');
  return holder && RANK[holder.status] <= 1 ? holder : undefined;
}

/** Distinct by id, keeping the first of each. */
export function distinctById(list: readonly (Subscriber | undefined)[]): Subscriber[] {
  const byId = new Map<string, Subscriber>();
  for (const s of list) if (s && !byId.has(s.id)) byId.set(s.id, s);
  return [...byId.values()];
}
