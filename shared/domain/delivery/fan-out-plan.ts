/** Which deliveries one matched article makes: one per subscriber per channel, carrying every matched topic they follow. */
import type { DeliveryRequested } from '../messages.js';
import type { Channel, Subscriber } from '../subscriber.js';
import type { MatchedTerm } from '../topic.js';
import type { StormMark } from './storm-control.js';

export function deliverableChannels(sub: Subscriber): Channel[] {
  if (sub.status !== 'active') return [];
  const channels = [...new Set(sub.channels)];
  return channels.filter((c) => !sub.disabledChannels?.[c] && (c === 'email' ? sub.email : c === 'telegram' ? sub.telegramChatId : sub.webhookUrl));
}

export function planDeliveries(
  articleId: string,
  matches: { topicId: string; terms: MatchedTerm[] }[],
  subscribersByTopic: ReadonlyMap<string, readonly Subscriber[]>,
  storm: StormMark[] = [],
): DeliveryRequested[] {
  const bySubscriber = new Map<string, { sub: Subscriber; matches: { topicId: string; terms: MatchedTerm[] }[] }>();
  for (const match of matches) {
    for (const sub of subscribersByTopic.get(match.topicId) ?? []) {
      if (!sub.topics.includes(match.topicId)) continue;
      const entry = bySubscriber.get(sub.id) ?? { sub, matches: [] };
      if (!entry.matches.some((m) => m.topicId === match.topicId)) entry.matches.push(match);
      bySubscriber.set(sub.id, entry);
    }
  }
  const out: DeliveryRequested[] = [];
  for (const { sub, matches: subMatches } of bySubscriber.values()) {
    const subStorm = storm.filter((s) => subMatches.some((m) => m.topicId === s.topicId));
    for (const channel of deliverableChannels(sub)) {
      out.push({ subscriberId: sub.id, channel, articleId, matches: subMatches, ...(subStorm.length ? { storm: subStorm } : {}) });
    }
  }
  return out;
}
