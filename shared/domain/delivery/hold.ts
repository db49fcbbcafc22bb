/** Whether an instant alert waits for a digest: people get digests, quiet hours and storm control; webhooks are machines and get everything at once. */
import type { DeliveryRequested } from '../messages.js';
import type { Subscriber } from '../subscriber.js';
import { nextDigestSlot, nextStormSlot } from './digest-schedule.js';
import { quietHoursEnd } from './quiet-hours.js';
import { DEFAULT_STORM, heldByStorm, stormNotice, type StormConfig } from './storm-control.js';

/** Why an alert waits for a digest instead of going out at once. */
export type HoldReason = 'digest' | 'quiet-hours' | 'storm';

export interface Hold {
  reason: HoldReason;
  /** When the digest holding the alert is due. */
  slot: Date;
  /** Plain-text note the digest shows (the storm notice). */
  note?: string;
}

export interface HoldContext {
  now: Date;
  topics: readonly { id: string; name: string }[];
  storm?: StormConfig;
}

export function decideHold(sub: Subscriber, msg: Pick<DeliveryRequested, 'channel' | 'matches' | 'storm'>, ctx: HoldContext): Hold | undefined {
  if (msg.channel === 'webhook') return undefined;
  if (sub.mode === 'digest') return { reason: 'digest', slot: nextDigestSlot(sub.digest, sub.timeZone, ctx.now, sub.quietHours) };
  if (msg.storm && heldByStorm(msg.matches, msg.storm)) {
    return { reason: 'storm', slot: nextStormSlot(ctx.now, sub.timeZone, sub.quietHours), note: stormNotice(msg.storm, topicNames(ctx.topics), ctx.storm ?? DEFAULT_STORM) };
  }
  const quietEnd = quietHoursEnd(sub.quietHours, sub.timeZone, ctx.now);
  if (quietEnd) return { reason: 'quiet-hours', slot: quietEnd };
  return undefined;
}

function topicNames(topics: HoldContext['topics']): (id: string) => string {
  const names = new Map(topics.map((t) => [t.id, t.name]));
  return (id) => names.get(id) ?? id;
}
