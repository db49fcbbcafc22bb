/** When a digest is due: hourly on the local hour, or daily at a local time; never inside quiet hours. */
import { quietHoursEnd, type QuietHours } from './quiet-hours.js';
import { localTime, nextLocalClock, parseClock, validTimeZone } from './zoned-time.js';

export interface DigestSchedule {
  frequency: 'hourly' | 'daily';
  /** Local "HH:MM" for daily digests (default "08:00"). */
  at?: string;
}

export const DEFAULT_DIGEST: DigestSchedule = { frequency: 'daily', at: '08:00' };

/** The next digest slot strictly after `now`, moved to the end of quiet hours when it falls inside them. */
export function nextDigestSlot(schedule: DigestSchedule | undefined, timeZone: string, now: Date, quiet?: QuietHours): Date {
  const zone = validTimeZone(timeZone);
  const s = schedule ?? DEFAULT_DIGEST;
  let slot: Date;
  if (s.frequency === 'hourly') {
    const l = localTime(now, zone);
    slot = nextLocalClock(now, ((l.hour + 1) % 24) * 60, zone);
  } else {
    slot = nextLocalClock(now, parseClock(s.at ?? '08:00') ?? 8 * 60, zone);
  }
  return quietHoursEnd(quiet, zone, slot) ?? slot;
}

/** Storm digests go out at the next full hour (UTC): often enough to stay current, rarely enough to calm the flood. */
export function nextStormSlot(now: Date, timeZone: string, quiet?: QuietHours): Date {
  const slot = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000);
  return quietHoursEnd(quiet, timeZone, slot) ?? slot;
}
