/** The heading of a digest, and the notice under it, from why its alerts were held. */
import type { Subscriber } from '../subscriber.js';
import type { HoldReason } from './hold.js';

export interface DigestHeading {
  heading: string;
  notice?: string;
}

export function digestHeading(sub: Pick<Subscriber, 'digest'>, entries: readonly { reason: HoldReason; note?: string }[]): DigestHeading {
  const reasons = new Set(entries.map((e) => e.reason));
  const notes = [...new Set(entries.map((e) => e.note).filter((n): n is string => Boolean(n)))];
  let heading: string;
  if (reasons.has('digest')) heading = `Your ${sub.digest?.frequency ?? 'daily'} digest`;
  else if (reasons.has('storm')) heading = 'Storm digest';
  else heading = 'Held during your quiet hours';
  if (reasons.has('quiet-hours') && heading !== 'Held during your quiet hours') notes.push('Some of these alerts were held during your quiet hours.');
  return notes.length ? { heading, notice: notes.join(' ') } : { heading };
}
