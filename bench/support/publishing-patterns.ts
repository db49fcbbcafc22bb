/**
 * Made-up but realistic publishing of many feeds over some weeks, seeded (the same seed, the same news):
 *
 * - daily rhythm (70 %): 2–80 items a weekday (log-uniform), 15–70 % of that on weekends, 85 % of them inside the
 *   site's working hours (starting 6–10 local, 8–15 h long) and the rest at any hour; sites in nine time zones;
 * - bursty (20 %): a few items a day in daytime, and about 1.5 bursts a day at any waking hour (3–12 items, minutes apart);
 * - silent (10 %): nothing for months.
 *
 * 20 % of the feeds, whatever their pattern, announce a WebSub hub. Times are whole seconds (RSS dates carry no more).
 */
import { mulberry32 } from '../../test/support/seeded-random.js';

export type PatternKind = 'daily' | 'bursty' | 'silent';

export interface SyntheticFeed {
  index: number;
  kind: PatternKind;
  hub: boolean;
  /** Publication instants (ms), ascending. */
  times: number[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONES = [-8, -5, -3, 0, 1, 2, 3, 5.5, 8, 9];

function poisson(random: () => number, mean: number): number {
  // Knuth's method; the means here are small.
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

const between = (random: () => number, lo: number, hi: number) => lo + (hi - lo) * random();
const second = (t: number) => Math.floor(t / 1000) * 1000;

/** Feeds of one rhythm only: daily ones averaging `itemsPerDay` over the week, none with a hub (the cost model's typical feed). */
export interface OnlyDaily {
  itemsPerDay: number;
}

/** Feeds publishing from `from` to `to` (ms). */
export function syntheticFeeds(count: number, from: number, to: number, seed = 15, only?: OnlyDaily): SyntheticFeed[] {
  const random = mulberry32(seed);
  const feeds: SyntheticFeed[] = [];
  for (let index = 0; index < count; index++) {
    const r = random();
    const kind: PatternKind = only || r < 0.7 ? 'daily' : r < 0.9 ? 'bursty' : 'silent';
    const hub = random() < 0.2 && !only;
    const zone = ZONES[Math.floor(random() * ZONES.length)]! * HOUR;
    const times: number[] = [];
    // Local midnight of each day the span touches.
    const firstDay = Math.floor((from + zone) / DAY) * DAY - zone;
    if (kind === 'daily') {
      const drawn = Math.exp(between(random, Math.log(2), Math.log(80)));
      const weekend = between(random, 0.15, 0.7);
      const perWeekday = only ? (only.itemsPerDay * 7) / (5 + 2 * weekend) : drawn;
      const start = between(random, 6, 10) * HOUR;
      const length = between(random, 8, 15) * HOUR;
      for (let day = firstDay; day < to; day += DAY) {
        const weekday = new Date(day + zone + 12 * HOUR).getUTCDay();
        const n = poisson(random, perWeekday * (weekday === 0 || weekday === 6 ? weekend : 1));
        for (let k = 0; k < n; k++) times.push(day + (random() < 0.85 ? start + random() * length : random() * DAY));
      }
    } else if (kind === 'bursty') {
      const background = between(random, 1, 4);
      const bursts = between(random, 0.8, 2.2);
      for (let day = firstDay; day < to; day += DAY) {
        for (let k = poisson(random, background); k > 0; k--) times.push(day + between(random, 8, 20) * HOUR);
        for (let b = poisson(random, bursts); b > 0; b--) {
          let t = day + between(random, 6, 23) * HOUR;
          for (let k = 3 + Math.floor(random() * 10); k > 0; k--) {
            times.push(t);
            t += -Math.log(1 - random()) * 4 * 60_000;
          }
        }
      }
    } else {
      times.push(from - between(random, 60, 200) * DAY);
    }
    feeds.push({ index, kind, hub, times: times.filter((t) => t < to).map(second).sort((a, b) => a - b) });
  }
  return feeds;
}
