import type { Channel } from './subscriber.js';
import type { MatchedTerm } from './topic.js';

/** Queue message bodies: the hand-offs between functions. Every consumer must be idempotent. */

/** poll queue → poll-feed */
export interface PollRequested {
  feedId: string;
  /** Poll even when the feed is not due (an admin's one-off run); scheduled polls leave it unset. */
  force?: boolean;
}

/** fan-out queue → fan-out: one new article with every topic it matched. */
export interface ArticleMatchesHandedOn {
  articleId: string;
  matches: { topicId: string; terms: MatchedTerm[] }[];
}

/** email / telegram / webhook queues → send-*: one alert for one subscriber on one channel. */
export interface DeliveryRequested {
  subscriberId: string;
  channel: Channel;
  articleId: string;
  matches: { topicId: string; terms: MatchedTerm[] }[];
  /** Set by fan-out for matched topics that are flooding (storm control); see shared/domain/delivery/storm-control.ts. */
  storm?: { topicId: string; count: number }[];
  /** Set by send-digests: deliver the held batch due at this ISO instant (then articleId is `digest:<slot>` and matches is empty). */
  digestSlot?: string;
}

/** publish queue → publish-feeds */
export interface PublishRequested {
  topicId: string;
}
