import type { FullTextMode } from './full-text/summary.js';

/** A source feed newshound polls, as configured in infra/config. */
export interface FeedSource {
  id: string;
  url: string;
  title?: string;
  enabled?: boolean;
  /** Fetch article pages to match on their text: when the feed text is a summary (auto, the default), always, or never. */
  fullText?: FullTextMode;
}

/** What newshound remembers about a feed between polls (its recent item ids are kept apart: FeedStateStore.getRecentIds). */
export interface FeedState {
  feedId: string;
  /** The URL polled: the configured one, or where a permanent redirect moved it. */
  url: string;
  /** The configured URL `url` derives from; when config changes it, the learned URL is dropped. */
  configuredUrl?: string;
  etag?: string;
  lastModified?: string;
  /** ISO time of the next poll due. */
  nextPollAt?: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
  consecutiveFailures: number;
  /** ISO time of the first failure since the last success (or of the 410 that disabled it); cleared by a success. */
  failingSince?: string;
  itemsSeen: number;
  disabled?: boolean;
  disabledReason?: string;
  /** ISO time of the last poll attempt, whatever its outcome. */
  lastPolledAt?: string;
  /** Which poll of the feed this state records (the lease counts them; see domain/polling/last-poll.ts). */
  pollNumber?: number;
  /** Outcome of the last poll: an HTTP status, or 'blocked' / 'timeout' / 'network' / 'parse' / 'too-large'. */
  lastStatus?: string;
  /** The interval the schedule chose last time (minutes; on the feed's own clock when it has learned hours), and why. */
  pollIntervalMinutes?: number;
  nextPollBasis?: string;
  /** The feed's learned publishing hours, packed (domain/polling/publishing-hours.ts). */
  publishingHours?: string;
  /** Set when learned hours placed the next poll: the shortest and longest wait (minutes) they could choose. */
  pollFloorMinutes?: number;
  pollCeilingMinutes?: number;
  /** ISO time a poll last found new articles. */
  lastNewItemsAt?: string;
  /** Set when a permanent redirect moved the feed: the URL it was moved from. */
  movedFrom?: string;
  /** The WebSub hub the feed announced at its last successful poll (header or document), and its self URL. */
  hub?: string;
  selfUrl?: string;
  /** ISO time a poll (not a push) last found new articles: after a verified subscription, the hub went quiet. */
  pollFoundNewAt?: string;
  /** ISO time a pushed body was last ingested. */
  lastPushAt?: string;
  /** Article pages fetched for full text whose text was used, and those that fell back to the excerpt (counts since first polled). */
  pagesFetched?: number;
  pageFailures?: number;
  /** The last page that fell back: why, which page, and when. */
  lastPageError?: string;
  lastPageErrorUrl?: string;
  lastPageErrorAt?: string;
}
