/** Plain-language descriptions of someone's choices, for pages and emails. */
import type { Topic } from '../topic.js';
import type { Preferences } from './preference-fields.js';

export function topicNames(topicIds: readonly string[], topics: readonly Pick<Topic, 'id' | 'name'>[]): string[] {
  return topicIds.map((id) => topics.find((t) => t.id === id)?.name ?? id);
}

export function describeDelivery(prefs: Pick<Preferences, 'mode' | 'digest' | 'timeZone'>): string {
  if (prefs.mode === 'instant') return 'instantly';
  if (prefs.digest?.frequency === 'hourly') return 'in an hourly digest';
  return `in a daily digest at ${prefs.digest?.at ?? '08:00'} (${prefs.timeZone})`;
}

export function describeQuietHours(prefs: Pick<Preferences, 'quietHours' | 'timeZone'>): string | undefined {
  return prefs.quietHours ? `${prefs.quietHours.start}–${prefs.quietHours.end} (${prefs.timeZone})` : undefined;
}
