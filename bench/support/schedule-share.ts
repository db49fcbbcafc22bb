/**
 * How often the product's schedule polls a typical feed, measured rather than derived from its rule: the freshness
 * simulation (freshness-sim.ts, dispatch-polls and poll-feed in virtual time) over daily-rhythm feeds publishing the
 * cost target's items a day, every hour alike and with learned hours, as a share of the 5-minute ticks.
 */
import { runFreshness } from './freshness-sim.js';
import { syntheticFeeds } from './publishing-patterns.js';

const DAY = 24 * 3_600_000;
const START = Date.UTC(2026, 10, 23);
const TICKS_PER_DAY = (24 * 60) / 5;

export interface ScheduleShares {
  itemsPerDay: number;
  feeds: number;
  /** Polls per feed per day, and as a share of the 5-minute ticks. */
  hoursAlike: { pollsPerFeedPerDay: number; share: number };
  learned: { pollsPerFeedPerDay: number; share: number };
}

export async function measuredScheduleShares(itemsPerDay: number, feeds = 50): Promise<ScheduleShares> {
  const synthetic = syntheticFeeds(feeds, START - 21 * DAY, START + 7.5 * DAY, 20, { itemsPerDay });
  const week = { start: START, days: 7, tailHours: 0 };
  const polling = { minIntervalMinutes: 5, maxIntervalMinutes: 24 * 60 };
  const alike = await runFreshness(synthetic, { id: 'b', label: 'hours alike', polling: { ...polling, learnPublishingHours: false }, warmupDays: 1 }, week);
  const learned = await runFreshness(synthetic, { id: 'c', label: 'learned hours', polling, warmupDays: 7 }, week);
  const of = (polls: number) => ({ pollsPerFeedPerDay: polls, share: polls / TICKS_PER_DAY });
  return { itemsPerDay, feeds, hoursAlike: of(alike.pollsPerFeedPerDay), learned: of(learned.pollsPerFeedPerDay) };
}
