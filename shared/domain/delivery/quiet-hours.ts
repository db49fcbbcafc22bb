/** Quiet hours in the subscriber's time zone: instant alerts are held until the quiet period ends. */
import { localTime, nextLocalClock, parseClock, validTimeZone } from './zoned-time.js';

export interface QuietHours {
  /** Local "HH:MM" the quiet period starts, e.g. "22:00". */
  start: string;
  /** Local "HH:MM" it ends, e.g. "07:00" (may be earlier than start: the period spans midnight). */
  end: string;
}

/** When `now` is inside the quiet period: the instant it ends. Otherwise undefined (also for malformed or empty periods). */
export function quietHoursEnd(quiet: QuietHours | undefined, timeZone: string, now: Date): Date | undefined {
  if (!quiet) return undefined;
  const start = parseClock(quiet.start);
  const end = parseClock(quiet.end);
  if (start === undefined || end === undefined || start === end) return undefined;
  const zone = validTimeZone(timeZone);
  const l = localTime(now, zone);
  const minute = l.hour * 60 + l.minute;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  return inside ? nextLocalClock(now, end, zone) : undefined;
}
