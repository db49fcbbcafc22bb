/**
 * A feed's publishing hours, learned from when its items appear: decayed counts per UTC hour of day (24) and per UTC
 * weekday (7), packed into one short string for the feed's state (under 50 characters, so the state item stays one
 * write unit). Pure: times are passed in.
 *
 * The model is separable: the feed's activity at an instant is (its share of the hour of day × 24) × (its share of the
 * weekday × 7), each averaging 1 and shrunk towards 1 while there is little evidence (a flat prior worth a few items).
 * Hours are smoothed with their neighbours when read, so a feed that publishes at 9:50 one day and 10:10 the next is
 * expected around both.
 */

export interface PublishingHours {
  /** Decayed item counts per UTC hour of day (0–23). */
  hours: number[];
  /** Decayed item counts per UTC weekday (0 = Sunday). */
  days: number[];
  /** When the counts were last decayed (ms since the epoch). */
  at: number;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Counts halve every two weeks: a feed that changes its rhythm is followed within a few weeks. */
export const HALF_LIFE_MS = 14 * 24 * HOUR;
/** How many items' worth of evidence the flat prior ("any hour alike") weighs, for hours and for weekdays (a week of evidence is slower to come). */
export const HOUR_PRIOR_WEIGHT = 8;
export const DAY_PRIOR_WEIGHT = 24;
/** Items dated further back than this teach nothing (a feed's archive is no rhythm of now). */
export const LEARN_WINDOW_MS = 28 * 24 * HOUR;

// 64 levels a character; each array is scaled so its largest count is the top level.
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const TOP = DIGITS.length - 1;
const PACKED = /^([A-Za-z0-9_-]{24})([A-Za-z0-9_-]{7})\.(\d{1,6}(?:\.\d)?)\.([0-9a-z]{1,9})$/;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The total (decayed) number of items the counts stand for. */
export function weightOf(p: PublishingHours): number {
  return sum(p.hours);
}

function pack(counts: number[]): string {
  const max = Math.max(...counts);
  return counts.map((c) => DIGITS[max > 0 ? Math.round((c / max) * TOP) : 0]).join('');
}

function unpack(chars: string, total: number): number[] {
  const levels = [...chars].map((c) => DIGITS.indexOf(c));
  const levelSum = sum(levels);
  return levels.map((l) => (levelSum > 0 ? (l / levelSum) * total : 0));
}

/** `<24 hour levels><7 weekday levels>.<weight>.<minutes since the epoch, base 36>`. */
export function encodePublishingHours(p: PublishingHours): string {
  const weight = Math.round(weightOf(p) * 10) / 10;
  return `${pack(p.hours)}${pack(p.days)}.${weight}.${Math.floor(p.at / MINUTE).toString(36)}`;
}

/** Undefined for an absent or malformed value (a state written by another version learns afresh). */
export function decodePublishingHours(packed: string | undefined): PublishingHours | undefined {
  const m = packed ? PACKED.exec(packed) : null;
  if (!m) return undefined;
  const weight = Number(m[3]);
  return { hours: unpack(m[1]!, weight), days: unpack(m[2]!, weight), at: parseInt(m[4]!, 36) * MINUTE };
}

/** The counts decayed to `now` (never forwards: a clock that ran ahead earlier decays nothing). */
function decayed(p: PublishingHours, now: number): PublishingHours {
  const factor = 0.5 ** (Math.max(0, now - p.at) / HALF_LIFE_MS);
  return { hours: p.hours.map((c) => c * factor), days: p.days.map((c) => c * factor), at: Math.max(now, p.at) };
}

/**
 * The profile after items that appeared at `times` (ms; an item's own date when it has a plausible one, else when it
 * was first seen). Times outside [now − LEARN_WINDOW_MS, now + 5 min] are ignored.
 */
export function learnPublishingHours(previous: PublishingHours | undefined, times: number[], now: number): PublishingHours {
  const p = previous ? decayed(previous, now) : { hours: Array<number>(24).fill(0), days: Array<number>(7).fill(0), at: now };
  for (const t of times) {
    if (!Number.isFinite(t) || t < now - LEARN_WINDOW_MS || t > now + 5 * MINUTE) continue;
    const d = new Date(t);
    p.hours[d.getUTCHours()]! += 1;
    p.days[d.getUTCDay()]! += 1;
  }
  return p;
}

/**
 * The feed's activity per hour of the week (index weekday × 24 + hour, UTC), averaging about 1: how much more (or less)
 * than on average it publishes then.
 */
export function activityByHourOfWeek(p: PublishingHours): number[] {
  const weight = weightOf(p);
  const smooth = p.hours.map((c, h) => 0.5 * c + 0.25 * p.hours[(h + 23) % 24]! + 0.25 * p.hours[(h + 1) % 24]!);
  const hourSum = sum(smooth);
  const daySum = sum(p.days);
  const out: number[] = [];
  const share = (count: number, total: number, n: number, prior: number) => (total > 0 ? (weight * ((count * n) / total) + prior) / (weight + prior) : 1);
  for (let d = 0; d < 7; d++) {
    const day = share(p.days[d]!, daySum, 7, DAY_PRIOR_WEIGHT);
    for (let h = 0; h < 24; h++) out.push(day * share(smooth[h]!, hourSum, 24, HOUR_PRIOR_WEIGHT));
  }
  return out;
}

const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** The hour of the week (weekday × 24 + hour, UTC; 0 = Sunday 0:00) an instant falls in. The epoch was a Thursday. */
function hourOfWeek(t: number): number {
  return Math.floor((((t % WEEK) + WEEK + 4 * DAY) % WEEK) / HOUR);
}

/** A feed's clock: its activity per hour of the week and the activity-minutes from the week's start to each hour. */
export interface FeedClock {
  activity: number[];
  /** cumulative[i]: activity-minutes from Sunday 0:00 to the start of hour i (169 entries; the last is the week's). */
  cumulative: number[];
}

export function feedClock(activity: number[]): FeedClock {
  const cumulative = [0];
  for (const a of activity) cumulative.push(cumulative[cumulative.length - 1]! + a * 60);
  return { activity, cumulative };
}

/** Activity-minutes from the start of the week the epoch's Sunday began up to `t`. */
function position(clock: FeedClock, t: number): number {
  const sinceSunday = t + 4 * DAY;
  const weeks = Math.floor(sinceSunday / WEEK);
  const inWeek = sinceSunday - weeks * WEEK;
  const h = Math.floor(inWeek / HOUR);
  return weeks * clock.cumulative[168]! + clock.cumulative[h]! + ((inWeek - h * HOUR) / MINUTE) * clock.activity[h]!;
}

/** ∫ activity dt from `from` to `to` (ms), in activity-minutes: a feed's own clock, fast when it publishes, slow when it rests. */
export function activityMinutes(clock: FeedClock, from: number, to: number): number {
  return to > from ? position(clock, to) - position(clock, from) : 0;
}

/**
 * The instant (ms) `minutes` activity-minutes after `from`: the next poll of a feed polled every `minutes` on average,
 * sooner in its busy hours and later in its quiet ones. At least `floorMinutes`, at most `ceilingMinutes` of wall time.
 */
export function afterActivityMinutes(clock: FeedClock, from: number, minutes: number, floorMinutes: number, ceilingMinutes: number): number {
  const earliest = from + floorMinutes * MINUTE;
  const latest = from + ceilingMinutes * MINUTE;
  let left = minutes;
  for (let t = from; t < latest; ) {
    const end = Math.min(latest, (Math.floor(t / HOUR) + 1) * HOUR);
    const rate = clock.activity[hourOfWeek(t)]!;
    const span = ((end - t) / MINUTE) * rate;
    if (span >= left) return Math.max(earliest, Math.round(t + (left / rate) * MINUTE));
    left -= span;
    t = end;
  }
  return Math.max(earliest, latest);
}
