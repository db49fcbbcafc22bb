/** Wall-clock arithmetic in IANA time zones with Intl only (pure: every function takes the instant it works on). */

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone when Intl knows it, else UTC (a bad zone must not stop alerts). */
export function validTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(validTimeZone(timeZone)).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

function offsetMs(instant: Date, timeZone: string): number {
  const l = localTime(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  return asUtc - Math.floor(instant.getTime() / 60_000) * 60_000;
}

/** The instant when the wall clock in `timeZone` shows the given local time (DST gaps resolve forward). */
export function zonedInstant(local: LocalTime, timeZone: string): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  let result = guess - offsetMs(new Date(guess), timeZone);
  const second = guess - offsetMs(new Date(result), timeZone);
  if (second !== result) result = second;
  return new Date(result);
}

/** "HH:MM" → minutes after midnight; undefined when malformed. */
export function parseClock(hhmm: string): number | undefined {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** The first instant strictly after `now` when the local clock shows `minuteOfDay`. */
export function nextLocalClock(now: Date, minuteOfDay: number, timeZone: string): Date {
  const zone = validTimeZone(timeZone);
  const today = localTime(now, zone);
  for (let addDays = 0; addDays < 3; addDays++) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + addDays));
    const candidate = zonedInstant({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 }, zone);
    if (candidate.getTime() > now.getTime()) return candidate;
  }
  throw new Error('nextLocalClock: no candidate within three days');
}
