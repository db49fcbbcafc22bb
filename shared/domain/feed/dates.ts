/**
 * Feed dates to ISO 8601 UTC, leniently: RFC 822/2822 and their real-world variants, W3C-DTF /
 * ISO 8601 (incl. 2-digit years, ordinal days, compact forms), MSSQL style, asctime, JavaScript's
 * Date#toString, Perforce, and the Greek, Hungarian and Korean forms feedparser knows.
 * Anything out of range or unrecognised gives `undefined`; nothing here throws.
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, sept: 9, october: 10, november: 11, december: 12,
};

/** Zone names in minutes east of UTC. US one- and two-letter zones as feedparser reads them. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, 'etc/gmt': 0, 'etc/utc': 0, wet: 0,
  edt: -240, est: -300, cdt: -300, cst: -360, mdt: -360, mst: -420, pdt: -420, pst: -480,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, nst: -210, ndt: -150,
  at: -240, et: -300, ct: -360, mt: -420, pt: -480,
  met: 60, mest: 120, cet: 60, cest: 120, bst: 60, west: 60, eet: 120, eest: 180, msk: 180,
  ist: 330, jst: 540, kst: 540, hkt: 480, sgt: 480, awst: 480, acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};

const GREEK_MONTHS: Record<string, string> = {
  'Ιαν': 'Jan', 'Φεβ': 'Feb', 'Μάώ': 'Mar', 'Μαώ': 'Mar', 'Μάρ': 'Mar', 'Μαρ': 'Mar', 'Απρ': 'Apr', 'Μάι': 'May', 'Μαϊ': 'May', 'Μαι': 'May',
  'Ιούν': 'Jun', 'Ιον': 'Jun', 'Ιούλ': 'Jul', 'Ιολ': 'Jul', 'Αύγ': 'Aug', 'Αυγ': 'Aug', 'Σεπ': 'Sep', 'Οκτ': 'Oct', 'Νοέ': 'Nov', 'Νοε': 'Nov', 'Δεκ': 'Dec',
};
const GREEK_DAYS: Record<string, string> = { 'Κυρ': 'Sun', 'Δευ': 'Mon', 'Τρι': 'Tue', 'Τετ': 'Wed', 'Πεμ': 'Thu', 'Παρ': 'Fri', 'Σαβ': 'Sat' };
const HUNGARIAN_MONTHS: Record<string, number> = {
  'január': 1, 'február': 2, 'március': 3, 'április': 4, 'május': 5, 'június': 6, 'július': 7, 'augusztus': 8, 'szeptember': 9, 'október': 10, 'november': 11, 'december': 12,
};

interface Parts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  /** Minutes east of UTC; UTC when absent. */
  offset?: number;
}

function twoDigitYear(y: number): number {
  return y < 50 ? 2000 + y : 1900 + y;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS[month - 1] ?? 0);
}
function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function toIso(p: Parts): string | undefined {
  const { year, month, day, hour = 0, minute = 0, second = 0, offset = 0 } = p;
  if (![year, month, day, hour, minute, second, offset].every(Number.isFinite)) return undefined;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0))) return undefined;
  if (Math.abs(offset) >= 24 * 60) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, Math.min(second, 59), 0);
  const ms = d.getTime() - offset * 60_000;
  const out = new Date(ms);
  if (Number.isNaN(ms) || out.getUTCFullYear() > 9999 || out.getUTCFullYear() < 1) return undefined;
  return out.toISOString();
}

/** `+0100`, `-01:01`, `GMT-01:01`, `Z`, `EST`, `Etc/GMT`; undefined when malformed, null when absent. */
function parseZone(raw: string | undefined): number | undefined | null {
  if (raw === undefined || raw === '') return null;
  const z = raw.trim().toLowerCase();
  if (z in ZONES) return ZONES[z]!;
  const m = /^(?:gmt|utc|ut)?([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (m) {
    const h = Number(m[2]);
    const min = Number(m[3] ?? 0);
    if (h > 23 || min > 59) return undefined;
    return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
  }
  if (/^(?:gmt|utc|ut)?[+-]?\d/.test(z) || /[^a-z/_]/.test(z)) return undefined;
  // An unknown alphabetic zone name: read as UTC rather than losing the date.
  return 0;
}

function time(raw: string | undefined): { hour: number; minute: number; second: number } | undefined {
  if (!raw) return { hour: 0, minute: 0, second: 0 };
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d+)?)?$/.exec(raw);
  if (!m) return undefined;
  return { hour: Number(m[1]), minute: Number(m[2]), second: Number(m[3] ?? 0) };
}

function withZone(p: Omit<Parts, 'offset'>, zone: string | undefined): string | undefined {
  const offset = parseZone(zone);
  if (offset === undefined) return undefined;
  return toIso({ ...p, offset: offset ?? 0 });
}

/** RFC 822/2822 and friends: `[Day,] DD Mon[th] YY[YY] [HH:MM[:SS]] [zone]`, also `Mon DD YYYY HH:MM:SS zone`. */
function rfc822(s: string): string | undefined {
  const cleaned = s.replace(/^[A-Za-z]{2,9},?\s*/, (m) => (/^[A-Za-z]+,?\s*$/.test(m) && !(m.replace(/[,\s]/g, '').toLowerCase() in MONTHS) ? '' : m)).replace(/,/g, ' ').trim();
  let m = /^(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{2,4})(?:\s+(\S+))?(?:\s+(\S+))?$/.exec(cleaned);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (!month) return undefined;
    const t = time(m[4]);
    if (!t || !/^\d{2}(?:\d{2})?$/.test(m[3]!)) return undefined;
    const year = m[3]!.length === 2 ? twoDigitYear(Number(m[3])) : Number(m[3]);
    return withZone({ year, month, day: Number(m[1]), ...t }, m[5]);
  }
  // JavaScript Date#toString and asctime: `Mon DD YYYY HH:MM:SS zone`, `Mon DD HH:MM:SS [zone] YYYY`.
  m = /^([A-Za-z]{3,9})\s+(\d{1,2})\s+(\d{4})\s+(\S+)(?:\s+(\S+))?(?:\s+\(.*\))?$/.exec(cleaned);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()];
    const t = time(m[4]);
    if (!month || !t) return undefined;
    return withZone({ year: Number(m[3]), month, day: Number(m[2]), ...t }, m[5]);
  }
  m = /^([A-Za-z]{3,9})\s+(\d{1,2})\s+(\d{1,2}:\d{1,2}(?::\d{1,2})?)(?:\s+(\S+))?\s+(\d{4})$/.exec(cleaned);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()];
    const t = time(m[3]);
    if (!month || !t) return undefined;
    return withZone({ year: Number(m[5]), month, day: Number(m[2]), ...t }, m[4]);
  }
  return undefined;
}

function ordinalToMonthDay(year: number, ordinal: number): { month: number; day: number } | undefined {
  if (ordinal < 1 || ordinal > (isLeap(year) ? 366 : 365)) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, 0, ordinal);
  return { month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** W3C-DTF / ISO 8601 and the MSSQL `YYYY-MM-DD HH:MM:SS[.f]` form. */
function iso8601(s: string): string | undefined {
  const compact = /^(\d{2}|\d{4})(\d{2})(\d{2})$/.exec(s);
  if (compact) return toIso({ year: compact[1]!.length === 2 ? twoDigitYear(Number(compact[1])) : Number(compact[1]), month: Number(compact[2]), day: Number(compact[3]) });
  const m = /^(\d{4}|\d{2}|-\d{2}|-)(?:-?(\d{2,3}))?(?:-?(\d{2}))?(?:[T\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i.exec(s);
  if (!m) return undefined;
  const [, y, a, b, hh, mm, ss, zone] = m;
  let year: number;
  if (y!.length === 4) year = Number(y);
  else if (y!.length === 2) year = twoDigitYear(Number(y));
  else if (y!.length === 3) year = twoDigitYear(Number(y!.slice(1)));
  else return undefined; // a bare '-' (year omitted): no year, no date
  let month = 1;
  let day = 1;
  if (a !== undefined && a.length === 3) {
    if (b !== undefined) {
      // `2003-012-31`: a zero-padded month, as feedparser accepts.
      month = Number(a);
      day = Number(b);
    } else {
      const md = ordinalToMonthDay(year, Number(a));
      if (!md) return undefined;
      ({ month, day } = md);
    }
  } else if (a !== undefined) {
    month = Number(a);
    if (b !== undefined) day = Number(b);
  } else if (b !== undefined) return undefined;
  if (hh === undefined) {
    if (/[T\s]/i.test(s.replace(/^-/, '')) && !/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
    return toIso({ year, month, day });
  }
  return withZone({ year, month, day, hour: Number(hh), minute: Number(mm), second: Number(ss ?? 0) }, zone);
}

/** `2004-július-13T9:15-05:00` */
function hungarian(s: string): string | undefined {
  const m = /^(\d{4})-([a-záéíóöőúüű]+)-(\d{1,2})T(\d{1,2}):(\d{2})((?:[+-])\d{1,2}:?\d{2})?$/i.exec(s);
  const month = m ? HUNGARIAN_MONTHS[m[2]!.toLowerCase()] : undefined;
  if (!m || !month) return undefined;
  return withZone({ year: Number(m[1]), month, day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: 0 }, m[6]);
}

/** `Κυρ, 11 Ιούλ 2004 12:00:00 EST` → the same in English. */
function greek(s: string): string | undefined {
  const m = /^([^\s,]+),\s+(\d{1,2})\s+([^\s]+)\s+(.*)$/.exec(s);
  if (!m) return undefined;
  const day = GREEK_DAYS[m[1]!];
  const month = GREEK_MONTHS[m[3]!];
  if (!day || !month) return undefined;
  return rfc822(`${day}, ${m[2]} ${month} ${m[4]}`);
}

/** Korean Nate (`2004-05-25 오후 11:23:17`) and OnBlog (`2004년 05월 28일  01:31:15`): Korea Standard Time. */
function korean(s: string): string | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})\s+(오전|오후)\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(s);
  if (m) {
    let hour = Number(m[5]);
    if (m[4] === '오후' && hour < 12) hour += 12;
    if (m[4] === '오전' && hour === 12) hour = 0;
    return toIso({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour, minute: Number(m[6]), second: Number(m[7]), offset: 540 });
  }
  m = /^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(s);
  if (m) return toIso({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), offset: 540 });
  return undefined;
}

/** Perforce: `Fri, 2006/09/15 08:19:53 EDT`. */
function perforce(s: string): string | undefined {
  const m = /^(?:[A-Za-z]{3},\s*)?(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\d{1,2}:\d{2}(?::\d{2})?)(?:\s+(\S+))?$/.exec(s);
  if (!m) return undefined;
  const t = time(m[4]);
  if (!t) return undefined;
  return withZone({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), ...t }, m[5]);
}

/** Parses a feed date to an ISO 8601 UTC string, or `undefined` when it is not a valid date. */
export function parseFeedDate(input: string | undefined | null): string | undefined {
  if (typeof input !== 'string') return undefined;
  const s = input.replace(/\s+/g, ' ').trim();
  if (!s || s.length > 100) return undefined;
  try {
    if (/^[\d-]/.test(s)) return iso8601(s) ?? hungarian(s) ?? korean(s) ?? perforce(s);
    return rfc822(s) ?? perforce(s) ?? greek(s);
  } catch {
    return undefined;
  }
}
