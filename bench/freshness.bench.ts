/**
 * Freshness: publication → alert delay and polls per day for a simulated week of 1,000 feeds (bench/support/
 * publishing-patterns.ts: daily rhythms with weekday/weekend differences, bursts, silent feeds, 20 % with a WebSub hub),
 * in virtual time through dispatch-polls and poll-feed (bench/support/freshness-sim.ts), for
 *   (a) every feed every 5 minutes,
 *   (b) the adaptive schedule without learned hours (every hour alike), and (b') the same as it ran before dispatch
 *       counted a feed due up to 2 minutes early,
 *   (c) learned publishing hours, and hub feeds subscribed (verified when the measured days begin) and pushed a few
 *       seconds after publication through poll-feed's pushed path (ingestPushedBody), polled as dispatch-polls decides
 *       for a pushed feed (every websub.safetyPollMinutes).
 * Goal: p50 ≤ 2 min for pushed feeds, ≤ 5 min for polled ones, no more polls a day than (b) (or (b')).
 * `--quick`: 200 feeds.
 */
import type { BenchFigures, BenchOptions } from './run.js';
import { runFreshness, type DelayStats, type FreshnessResult, type FreshnessVariant } from './support/freshness-sim.js';
import { syntheticFeeds } from './support/publishing-patterns.js';

const DAY = 24 * 3_600_000;
/** Monday 23 November 2026, 00:00 UTC: the measured week starts; the feeds publish from three weeks before it. */
const START = Date.UTC(2026, 10, 23);
const DAYS = 7;
const TAIL_HOURS = 12;

export const VARIANTS: FreshnessVariant[] = [
  // Every feed at every tick whatever the day: one measured day (the Monday) gives its figures at a seventh of the work.
  { id: 'a', label: '(a) fixed 5 min (Monday)', polling: { minIntervalMinutes: 5, maxIntervalMinutes: 5, learnPublishingHours: false }, warmupDays: 0, days: 1, tailHours: 1 },
  // Its state is the last poll's: a day takes it from the first poll of every feed to its steady state.
  { id: 'b', label: '(b) adaptive, hours alike', polling: { minIntervalMinutes: 5, maxIntervalMinutes: 24 * 60, learnPublishingHours: false }, warmupDays: 1 },
  // The same before dispatch counted a feed due up to 2 minutes early: a poll 30 s after its tick set the next one
  // past the tick one interval on, so each interval waited for one tick more (5 minutes became 10).
  {
    id: 'b0',
    label: "(b') the same, due only on time",
    polling: { minIntervalMinutes: 5, maxIntervalMinutes: 24 * 60, learnPublishingHours: false },
    warmupDays: 1,
    dueEarlyMs: 0,
  },
  {
    id: 'c',
    label: '(c) learned hours + push',
    polling: { minIntervalMinutes: 5, maxIntervalMinutes: 24 * 60 },
    push: true,
    // A week before the measured one, so each feed's hours are learned from every weekday, as in a running deployment.
    warmupDays: 7,
  },
];

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const m = (x: number) => x.toFixed(1);
const round = (x: number, d = 2) => Number(x.toFixed(d));
const cell = (d: DelayStats) => lpad(`${m(d.p50Minutes)} / ${m(d.p95Minutes)}`, 16);

export default async function freshnessBench(opts: BenchOptions): Promise<BenchFigures> {
  const count = opts.quick ? 200 : 1000;
  const feeds = syntheticFeeds(count, START - 21 * DAY, START + DAYS * DAY + TAIL_HOURS * 3_600_000);
  const published = feeds.reduce((n, f) => n + f.times.filter((t) => t >= START && t < START + DAYS * DAY).length, 0);
  const kinds = ['daily', 'bursty', 'silent'].map((k) => `${feeds.filter((f) => f.kind === k).length} ${k}`).join(', ');
  opts.log(`${count} feeds (${kinds}; ${feeds.filter((f) => f.hub).length} with a hub), ${published} items in ${DAYS} days, dispatch every 5 min, polls 30 s after their tick, pushes 2–20 s after publication`);

  const results: FreshnessResult[] = [];
  for (const v of VARIANTS) results.push(await runFreshness(feeds, v, { start: START, days: DAYS, tailHours: TAIL_HOURS }));

  opts.log(
    `  ${pad('schedule', 32)}${lpad('hub feeds p50/p95', 18)}${lpad('others p50/p95', 16)}${lpad('all p50/p95', 16)}${lpad('polls/day', 11)}${lpad('hub', 8)}${lpad('others', 8)}${lpad('per feed', 10)}${lpad('pushes/day', 12)}${lpad('missed', 8)}${lpad('wall s', 8)}`,
  );
  for (const [i, r] of results.entries()) {
    opts.log(
      `  ${pad(VARIANTS[i]!.label, 32)}${lpad(cell(r.delays.hub), 18)}${cell(r.delays.other)}${cell(r.delays.all)}${lpad(r.pollsPerDay.toFixed(0), 11)}${lpad(r.pollsPerDayOf.hub.toFixed(0), 8)}${lpad(r.pollsPerDayOf.other.toFixed(0), 8)}${lpad(r.pollsPerFeedPerDay.toFixed(1), 10)}${lpad(r.pushesPerDay.toFixed(0), 12)}${lpad(String(r.missed), 8)}${lpad(r.wallSeconds.toFixed(1), 8)}`,
    );
  }
  opts.log('  delays in minutes from publication to the match handed on to fan-out; "hub feeds" are pushed only in (c), polled there as dispatch-polls decides for a pushed feed (its safety interval)');
  const fellBack = results.find((r) => r.variant === 'c')?.pushedFeedsFellBack ?? 0;
  opts.log(`  (c): ${fellBack} hub feeds back on their schedule at the end (a poll found items before their push, dispatch-polls' rule)`);
  opts.log('  missed: items that dropped out of a feed\'s 10 entries between two polls (never alerted)');
  const byId = (id: string) => results.find((r) => r.variant === id)!;
  const [b, b0, c] = [byId('b'), byId('b0'), byId('c')];
  const goal = { pushedP50: c.delays.hub.p50Minutes <= 2, polledP50: c.delays.other.p50Minutes <= 5, pollsNotAboveB: c.pollsPerDay <= Math.min(b.pollsPerDay, b0.pollsPerDay) };
  const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  opts.log(`  goal (c): pushed p50 ≤ 2 min ${met(goal.pushedP50)}, polled p50 ≤ 5 min ${met(goal.polledP50)}, polls/day ≤ (b) and (b') ${met(goal.pollsNotAboveB)}`);

  const delays = (d: DelayStats) => ({ items: d.items, p50Minutes: round(d.p50Minutes), p95Minutes: round(d.p95Minutes), meanMinutes: round(d.meanMinutes) });
  return {
    feeds: count,
    days: DAYS,
    itemsPublished: published,
    variants: Object.fromEntries(
      results.map((r, i) => [
        r.variant,
        {
          label: VARIANTS[i]!.label,
          hub: delays(r.delays.hub),
          other: delays(r.delays.other),
          all: delays(r.delays.all),
          pollsPerDay: round(r.pollsPerDay, 0),
          pollsPerFeedPerDay: round(r.pollsPerFeedPerDay),
          pollsPerDayOfHubFeeds: round(r.pollsPerDayOf.hub, 0),
          pollsPerDayOfOthers: round(r.pollsPerDayOf.other, 0),
          pushesPerDay: round(r.pushesPerDay, 0),
          pushedFeedsFellBack: r.pushedFeedsFellBack,
          missed: r.missed,
          wallSeconds: round(r.wallSeconds, 1),
        },
      ]),
    ),
    goal,
  };
}
