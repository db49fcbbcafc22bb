import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArticleMatchesHandedOn, DeliveryRequested, PollRequested, PublishRequested } from '../../shared/domain/messages.js';
import type { Clock } from '../../shared/ports/clock.js';
import type { ConsumableQueue } from '../../shared/ports/queue.js';
import type { DigestStore, TopicActivity } from '../../shared/ports/delivery-state.js';
import type { ArticleStore, DeliveryLedger, FeedStateStore, MatchStore, SubscriberStore } from '../../shared/ports/stores.js';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import type { LocalSubscriptionServices } from './subscription-services.js';

/** Everything the local runtime has built, handed to local HTTP routes and loops. */
export interface LocalContext {
  config: AppConfig;
  dataDir: string;
  clock: Clock;
  stores: {
    articles: ArticleStore;
    matches: MatchStore;
    feedStates: FeedStateStore;
    subscribers: SubscriberStore;
    ledger: DeliveryLedger;
    digests: DigestStore;
    activity: TopicActivity;
  };
  queues: {
    poll: ConsumableQueue<PollRequested>;
    fanOut: ConsumableQueue<ArticleMatchesHandedOn>;
    email: ConsumableQueue<DeliveryRequested>;
    telegram: ConsumableQueue<DeliveryRequested>;
    webhook: ConsumableQueue<DeliveryRequested>;
    publish: ConsumableQueue<PublishRequested>;
  };
  /** Folder the local FeedPublisher writes syndicated feeds to. */
  feedsDir: string;
  /** Folder for .eml / .json copies of everything sent. */
  outboxDir: string;
  urls: { app: string; ses: string; telegram: string; dynamodb: string };
  /** Subscription pages and the Telegram bot (issue 7); built by localSubscriptionServices. Absent: those routes answer 503. */
  subscriptions?: LocalSubscriptionServices;
}

/** A route of the local HTTP server: returns true when it handled the request. */
export type LocalRoute = (req: IncomingMessage, res: ServerResponse, url: URL, ctx: LocalContext) => Promise<boolean>;
