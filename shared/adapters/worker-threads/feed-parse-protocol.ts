import type { FeedLimits } from '../../domain/feed/feed-limits.js';
import type { FeedParseReason } from '../../domain/feed/feed-parse-error.js';
import type { FeedBody, ReadFeed } from '../../domain/feed/read-feed.js';

/** What a parse worker is started with. */
export interface ParseWorkerData {
  limits: Partial<FeedLimits>;
}

/** The worker says so once it can take requests (its start is not counted against a parse's deadline). */
export interface ParseWorkerReady {
  ready: true;
}

export interface ParseRequest {
  id: number;
  body: FeedBody;
}

export type ParseReply =
  | { id: number; ok: true; feed: ReadFeed }
  /** `reason` when the feed was refused (a FeedParseError); without it, the parse itself failed. */
  | { id: number; ok: false; reason?: FeedParseReason; message: string };
