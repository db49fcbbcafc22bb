/**
 * Feeds failing for longer than the admins tolerate, and the one notice that names them. Pure: `now` and the
 * threshold are passed in.
 */
import type { FeedSource, FeedState } from '../feed-source.js';

export interface FailingFeed {
  feedId: string;
  title?: string;
  url: string;
  /** ISO time of the first failure since the last success. */
  failingSince: string;
  consecutiveFailures: number;
  lastError?: string;
  lastErrorAt?: string;
  lastStatus?: string;
  /** Disabled by a 410 Gone: never polled again until its configured URL changes. */
  disabled: boolean;
}

const HOUR_MS = 3_600_000;

/**
 * Since when a feed has been failing, if it is. States written before `failingSince` existed fall back to the last
 * success (the failures began after it) or, for a feed a 410 disabled, to that error.
 */
export function failingSinceOf(state: FeedState): string | undefined {
  if (state.failingSince) return state.failingSince;
  if (state.disabled) return state.lastErrorAt;
  return state.consecutiveFailures > 0 ? state.lastSuccessAt : undefined;
}

/** The enabled feeds failing for longer than `afterHours`, longest-failing first (then by id). */
export function longFailingFeeds(feeds: readonly FeedSource[], states: readonly FeedState[], now: Date, afterHours: number): FailingFeed[] {
  const byId = new Map(states.map((s) => [s.feedId, s]));
  const failing: FailingFeed[] = [];
  for (const feed of feeds) {
    if (feed.enabled === false) continue;
    const state = byId.get(feed.id);
    const since = state && failingSinceOf(state);
    if (!state || !since || now.getTime() - Date.parse(since) <= afterHours * HOUR_MS) continue;
    failing.push({
      feedId: feed.id,
      ...(feed.title ? { title: feed.title } : {}),
      url: state.url,
      failingSince: since,
      consecutiveFailures: state.consecutiveFailures,
      ...(state.lastError ? { lastError: state.lastError } : {}),
      ...(state.lastErrorAt ? { lastErrorAt: state.lastErrorAt } : {}),
      ...(state.lastStatus ? { lastStatus: state.lastStatus } : {}),
      disabled: state.disabled === true,
    });
  }
  return failing.sort((a, b) => a.failingSince.localeCompare(b.failingSince) || a.feedId.localeCompare(b.feedId));
}

export interface FailingFeedsNotice {
  /** At most 100 ASCII characters, one line (SNS's rule for a subject). */
  subject: string;
  message: string;
}

export interface NoticeInput {
  stage: string;
  afterHours: number;
  now: Date;
  failing: readonly FailingFeed[];
  /** The feed ids named in the previous notice. */
  previous: readonly string[];
}

/** The one plain-text message an admin gets when the set of long-failing feeds changed: every feed, its last error, what to do. */
export function failingFeedsNotice(input: NoticeInput): FailingFeedsNotice {
  const { failing, stage, now } = input;
  const threshold = formatHours(input.afterHours);
  const ids = new Set(failing.map((f) => f.feedId));
  const fresh = failing.filter((f) => !input.previous.includes(f.feedId)).map((f) => f.feedId);
  const recovered = input.previous.filter((id) => !ids.has(id));
  const lines: string[] = [];
  let subject: string;
  if (failing.length === 0) {
    subject = `newshound ${stage}: no feed failing for over ${threshold} any more`;
    lines.push(`No feed has been failing for over ${threshold} any more.`);
  } else {
    subject = `newshound ${stage}: ${failing.length} ${failing.length === 1 ? 'feed' : 'feeds'} failing for over ${threshold}`;
    lines.push(`${failing.length} ${failing.length === 1 ? 'feed has' : 'feeds have'} been failing for over ${threshold}${fresh.length ? ` (new: ${fresh.join(', ')})` : ''}:`, '');
    for (const feed of failing) lines.push(...describe(feed, now));
  }
  if (recovered.length) lines.push('', `Recovered or removed since the last notice: ${recovered.join(', ')}.`);
  if (failing.length) {
    lines.push(
      '',
      'What to do:',
      '- `newshound doctor` reports everything that needs action, these feeds included.',
      '- Check each URL in a browser; if the feed moved or is gone for good, change or remove it in infra/config/feeds.ts',
      '  and deploy (a changed URL also re-enables a feed a 410 disabled).',
      '- After a fix on the publisher\'s side, `newshound poll <feedId>` polls it now instead of at its backed-off time.',
      '- Every poll\'s outcome is in the poll-feed function\'s log group (message "polled", field feedId).',
    );
  }
  lines.push('', `You get this message once each time the set of feeds failing for over ${threshold} changes (as of ${now.toISOString()}).`);
  return { subject: asSubject(subject), message: `${lines.join('\n')}\n` };
}

function describe(feed: FailingFeed, now: Date): string[] {
  const name = feed.title ? `${feed.feedId} (${oneLine(feed.title)})` : feed.feedId;
  const since = `failing since ${feed.failingSince} (${formatHours((now.getTime() - Date.parse(feed.failingSince)) / HOUR_MS, true)})`;
  const count = feed.disabled ? 'disabled' : `${feed.consecutiveFailures} failed ${feed.consecutiveFailures === 1 ? 'poll' : 'polls'} in a row`;
  const error = feed.lastError ? `last error${feed.lastErrorAt ? ` at ${feed.lastErrorAt}` : ''}${feed.lastStatus ? ` [${feed.lastStatus}]` : ''}: ${oneLine(feed.lastError)}` : 'no error recorded';
  return [`- ${name}: ${feed.url}`, `  ${since}, ${count}`, `  ${error}`];
}

/** "24 h", "1.5 h", or with `rounded` whole hours or days ("3 d 4 h"). */
function formatHours(hours: number, rounded = false): string {
  if (!rounded) return `${Number(hours.toFixed(2))} h`;
  const whole = Math.floor(hours);
  return whole >= 48 ? `${Math.floor(whole / 24)} d ${whole % 24} h` : `${whole} h`;
}

/** Text from a feed or a server as one line, without control characters (it must not start lines of its own). */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

function asSubject(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
}

/** True when both lists name the same feeds. */
export function sameFeeds(a: readonly string[], b: readonly string[]): boolean {
  const sorted = [...b].sort();
  return a.length === b.length && [...a].sort().every((id, i) => id === sorted[i]);
}
