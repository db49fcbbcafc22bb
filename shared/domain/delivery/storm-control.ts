/** Storm control: a topic that floods switches its instant alerts to a digest, and the digest says so. */

export interface StormConfig {
  /** More than this many distinct articles within the window makes a storm. */
  threshold: number;
  windowMinutes: number;
}

export const DEFAULT_STORM: StormConfig = { threshold: 20, windowMinutes: 60 };

export interface StormMark {
  topicId: string;
  /** Distinct articles that matched the topic within the window, this one included. */
  count: number;
}

export function isStorming(countInWindow: number, config: StormConfig = DEFAULT_STORM): boolean {
  return countInWindow > config.threshold;
}

/** Instant alerts are held for the storm digest only when every topic of the alert is storming. */
export function heldByStorm(matches: { topicId: string }[], storm: StormMark[] | undefined): boolean {
  if (!storm?.length || !matches.length) return false;
  const storming = new Set(storm.map((s) => s.topicId));
  return matches.every((m) => storming.has(m.topicId));
}

export function stormNotice(storm: StormMark[], topicName: (id: string) => string, config: StormConfig = DEFAULT_STORM): string {
  const names = storm.map((s) => `${topicName(s.topicId)} (${s.count} alerts in ${config.windowMinutes} minutes)`).join(', ');
  return `Very busy: ${names}. To spare your inbox, these alerts were collected into this digest instead of arriving one by one.`;
}
