/**
 * What a function's composition can reach. One composition per function (shared/runtime/composition/) builds the
 * handler's dependencies from these ports; Lambda (and the local runtime, which runs the very same handlers) gets
 * them from AWS (shared/runtime/aws/), the cost bench from its own counting stand-ins. Queues and secrets are typed
 * by the function's topology entry: a composition cannot ask for a queue or a secret its entry lacks.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { CompiledTopics } from '../domain/topics/index.js';
import type { AdminNotifier, FailingFeedsReports } from '../ports/admin-notices.js';
import type { Clock, Sleep } from '../ports/clock.js';
import type { DigestStore, SendPacer, StoryAlerts, TopicActivity } from '../ports/delivery-state.js';
import type { EventSourceSwitch, SenderHaltStore } from '../ports/event-source.js';
import type { FeedParser } from '../ports/feed-parser.js';
import type { FeedFetcher } from '../ports/feed-fetcher.js';
import type { HubClient } from '../ports/hub-client.js';
import type { PushInbox } from '../ports/push-inbox.js';
import type { Queue } from '../ports/queue.js';
import type { PartnerAccess } from '../ports/partner-access.js';
import type { StoryAssigner, StoryCoverage } from '../ports/story-assigner.js';
import type { FeedPublisher, Mailer, SendingAccount, TelegramClient, WebhookClient } from '../ports/senders.js';
import type { ArticleStore, DeliveryLedger, FeedStateStore, MatchStore, OnceKeys, PushSubscriptionStore, RateLimiter, SubscriberLookup, SubscriberStore, SuppressionStore } from '../ports/stores.js';
import type { FunctionName, QueueMessages, QueueName, SecretName, SecretsOf, SendsOf } from '../topology/index.js';
import type { FullTextDeps } from '../usecases/fetch-page-text.js';
import type { AppConfig } from './app-config.js';

/** Every store over the one table. */
export interface TableStores {
  articles: ArticleStore;
  matches: MatchStore;
  feedStates: FeedStateStore;
  subscribers: SubscriberStore & SubscriberLookup;
  ledger: DeliveryLedger;
  digests: DigestStore;
  activity: TopicActivity;
  storyAlerts: StoryAlerts;
  suppressions: SuppressionStore;
  rateLimiter: RateLimiter;
  onceKeys: OnceKeys;
  senderHalts: SenderHaltStore;
  pushSubscriptions: PushSubscriptionStore;
}

export interface FeedsBucket {
  publisher: FeedPublisher;
  /** Public base URL the feeds are served under (CloudFront). */
  baseUrl: string;
}

export interface WebSubPublisher {
  ping(topicFeedUrls: string[]): Promise<void>;
}

/** Capabilities beyond queues and secrets; a composition names the ones it needs. */
export interface World {
  table: TableStores;
  /** The config's topics, compiled once per container. */
  topics: CompiledTopics;
  /** Story grouping: poll-feed assigns each new article's story, the feeds and digests read its coverage. */
  stories: StoryAssigner & StoryCoverage;
  feedsBucket: FeedsBucket;
  mailer: Mailer;
  /** Whether the email provider may mail anyone yet (the SES sandbox). */
  sendingAccount: SendingAccount;
  fetcher: FeedFetcher;
  /** Feed parsing in bounded time and memory, on threads of its own. */
  feedParser: FeedParser;
  /** Article pages for full text: the guarded fetcher with page caps, extraction on a thread, per-host pacing. Absent: no full text. */
  fullText?: FullTextDeps;
  webhooks: WebhookClient;
  telegram: (botToken: string, options?: { timeoutMs?: number }) => TelegramClient;
  pacer: SendPacer;
  /** Waits inside an invocation (short pacing waits only). */
  sleep: Sleep;
  eventSource: EventSourceSwitch;
  websub: (hubUrl: string) => WebSubPublisher;
  /** The alarm topic, for functions whose entry notifies the admins. */
  adminNotifier: AdminNotifier;
  /** Bodies WebSub hubs pushed (a private bucket). */
  inbox: PushInbox;
  /** WebSub subscribe and unsubscribe requests, through the SSRF guard. */
  hubClient: HubClient;
  /** What the admins were last told about failing feeds (an item of the table; only dispatch-polls bundles it). */
  failingFeedsReports: FailingFeedsReports;
  /** The CDN's partner token table and the record of its last sync (only publish-feeds bundles it). */
  partnerAccess: PartnerAccess;
}
export type Capability = keyof World;

export interface QueueFactory {
  queue<Q extends QueueName>(queue: Q): Queue<QueueMessages[Q]>;
}

export interface SecretReader {
  /** A secret's value (cached briefly); `fresh` bypasses the cache, e.g. after the provider refused it. */
  secret(name: SecretName, options?: { fresh?: boolean }): Promise<string>;
}

export interface BasePorts {
  name: FunctionName;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/** A function's ports: its queues and secrets as its topology entry allows, and the capabilities its composition asked for. */
export type Ports<F extends FunctionName, C extends Capability = never> = BasePorts &
  Pick<World, C> & {
    queue<Q extends SendsOf<F>>(queue: Q): Queue<QueueMessages[Q]>;
    secret(name: SecretsOf<F>, options?: { fresh?: boolean }): Promise<string>;
  };

/** How the platform builds one capability, given the environment and the validated config. */
export type CapabilityFactory<T> = (context: { env: NodeJS.ProcessEnv; config: AppConfig; clock: Clock; name: FunctionName }) => T;

export type Factories<C extends Capability> = { [K in C]: CapabilityFactory<World[K]> };

/**
 * One function's wiring: its name, the AWS implementations of the capabilities it uses (only these are imported
 * into its bundle), and `compose`, which turns ports into the handler's dependencies. Lambda, the local runtime
 * and the cost bench all go through `compose`.
 */
export interface FunctionDefinition<F extends FunctionName, C extends Capability, D> {
  name: F;
  aws: {
    factories: Factories<C>;
    queues?: CapabilityFactory<QueueFactory>;
    secrets?: CapabilityFactory<SecretReader>;
  };
  compose(ports: Ports<F, C>): D | Promise<D>;
}

export function defineFunction<F extends FunctionName, C extends Capability, D>(definition: FunctionDefinition<F, C, D>): FunctionDefinition<F, C, D> {
  return definition;
}

/** The dependencies a definition's composition gives its handler. */
export type DepsOf<T> = T extends { compose(ports: never): infer R } ? Awaited<R> : never;
