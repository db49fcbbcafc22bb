import type { QueueName } from './queues.js';
import { type KeyPrefix, SUBSCRIBER_RECORD, type TableIndex } from './table-keys.js';

/**
 * One table says, for every function, what triggers it, which queues it sends to, which secrets it reads and
 * which table, bucket and email access it has. The CDK stack derives each function's environment and grants
 * from it (infra/stacks/stateless-stack.ts); the runtime builds a function's clients from it
 * (shared/runtime/ports.ts), typed so that a function cannot reach anything its entry lacks.
 * No aws-cdk-lib and no AWS SDK import here.
 */

/**
 * Secrets, kept as SSM Parameter Store SecureStrings (standard tier, the aws/ssm key) under a per-stage path, each
 * read only by the functions that list it. None rotates on its own, so Secrets Manager's per-secret charge buys
 * nothing. `partnerTokens` and `webhookKeys` hold a JSON object by partner / subscriber id.
 */
export const SECRET_NAMES = ['signingKey', 'telegramBotToken', 'partnerTokens', 'webhookKeys', 'websubKey'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * How each secret comes to exist (CloudFormation cannot create a SecureString): `generated` ones are created by the
 * first function that needs one (a random value, written only if still absent); the others are set by an admin with
 * the CLI command named, and read as `whenUnset` until then (no default: the read fails, and is retried).
 */
export const SECRETS: Record<SecretName, { parameter: string; generated?: true; setWith?: string; whenUnset?: string }> = {
  signingKey: { parameter: 'signing-key', generated: true },
  telegramBotToken: { parameter: 'telegram-bot-token', setWith: 'newshound secret set telegram-bot-token' },
  partnerTokens: { parameter: 'partner-tokens', setWith: 'newshound partner-token <partner id>', whenUnset: '{}' },
  webhookKeys: { parameter: 'webhook-keys', setWith: 'newshound webhook-key <subscriber id>', whenUnset: '{}' },
  /** WebSub: each feed's callback token and each subscription's hub.secret derive from it (domain/websub/callback-keys.ts). */
  websubKey: { parameter: 'websub-key', generated: true },
};

/** `/newshound/<stage>/`: every secret of a stage lives under it. */
export function secretParameterPath(stage: string): string {
  return `/newshound/${stage}/`;
}

/** `/newshound/prod/signing-key` */
export function secretParameterName(stage: string, secret: SecretName): string {
  return `${secretParameterPath(stage)}${SECRETS[secret].parameter}`;
}

export type HttpMethod = 'GET' | 'POST';

export interface QueueTrigger {
  kind: 'queue';
  queue: QueueName;
  batchSize: number;
  /** Seconds SQS gathers messages before invoking (publish-feeds debounces bursts with it). */
  maxBatchingWindowSeconds?: number;
  /**
   * Concurrent invocations from the queue at most (SQS event sources take 2 to 1,000). Every event source has one, so
   * together they fit the account's Lambda concurrency with room for the rest (concurrency.ts); it also paces
   * providers with rate limits.
   */
  maxConcurrency: number;
}

export interface ScheduleTrigger {
  kind: 'schedule';
  id: string;
  rateMinutes: number;
  description: string;
  /** The event the schedule sends; `scheduledTime` is added by EventBridge Scheduler. */
  input?: Record<string, unknown>;
}

/** API Gateway's route-level throttle: steady requests per second and the burst the bucket holds. */
export interface RouteThrottle {
  rate: number;
  burst: number;
}

export interface HttpRoute {
  method: HttpMethod;
  path: string;
  /** Each route has its own bucket, so a flood of one cannot lock out the others. */
  throttle: RouteThrottle;
}

export interface HttpTrigger {
  kind: 'http';
  routes: readonly HttpRoute[];
  /** Concurrent requests kept room for in the account's Lambda concurrency (concurrency.ts). */
  concurrency: number;
}

export interface SnsTrigger {
  kind: 'sns';
  /** The SES configuration set's bounce and complaint events. */
  topic: 'ses-events';
  /** Concurrent invocations kept room for (asynchronous: a throttled one waits in Lambda's queue and is retried). */
  concurrency: number;
}

/** Invoked by CloudFormation on every deploy that changes the config (a custom resource with this input). */
export interface DeployTrigger {
  kind: 'deploy';
  id: string;
  description: string;
  input: Record<string, unknown>;
}

export type Trigger = QueueTrigger | ScheduleTrigger | HttpTrigger | SnsTrigger | DeployTrigger;

/**
 * The item types a function may touch, by partition key prefix (shared/topology/table-keys.ts). IAM scopes reads and
 * writes of table items by dynamodb:LeadingKeys; a query on an index cannot be scoped that way (its partition key is
 * not the table's), so the indexes a function queries are named one by one instead. Scan is never granted.
 */
export interface TableAccess {
  /** Item types it reads only. */
  read?: readonly KeyPrefix[];
  /** Item types it reads and writes. */
  readWrite?: readonly KeyPrefix[];
  indexes?: readonly TableIndex[];
}

export interface FunctionEntry {
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  triggers: readonly Trigger[];
  /** Queues it hands messages to. A queue consumer may always re-queue to its own queue and park in its DLQ. */
  sends?: readonly QueueName[];
  secrets?: readonly SecretName[];
  table?: TableAccess;
  /** The syndication bucket: write, read and delete feed objects. */
  feedsBucket?: 'read-write';
  /**
   * The CDN's table of partner token hashes (a CloudFront KeyValueStore the feeds distribution's token check reads):
   * describe, list and update its keys.
   */
  partnerAccessStore?: 'read-write';
  /** The private push inbox (bodies WebSub hubs pushed, kept for days): write them, or read them. */
  inboxBucket?: 'write' | 'read';
  /** Sends email through SES with the configuration set that reports bounces and complaints. */
  sendsEmail?: boolean;
  /** Reads the SES account's state (SES v2 GetAccount): whether it is still in the sandbox. */
  readsSendingAccount?: boolean;
  /** A sender that stops its own queue's event source when the provider halts it, and starts it again. */
  haltable?: boolean;
  /** Publishes notices for the admins to the alarm topic (the one the alarms notify). */
  notifiesAdmins?: boolean;
}

/** Every 5 minutes a halted sender checks whether it may resume (see shared/runtime/sender-halt.ts). */
const resumeCheck: ScheduleTrigger = { kind: 'schedule', id: 'ResumeCheck', rateMinutes: 5, description: 'Resume sending if it was halted and the cause may be gone', input: { resume: 'scheduled' } };

/** Per-route throttles: pages and form posts tight, one-click unsubscribe and Telegram's updates generous. */
const PAGE = { rate: 5, burst: 10 } as const satisfies RouteThrottle;
const FORM_POST = { rate: 2, burst: 5 } as const satisfies RouteThrottle;
const ONE_CLICK = { rate: 25, burst: 50 } as const satisfies RouteThrottle;

/** What a delivery sender touches: articles to render, the ledger, digests it holds alerts in, subscribers it disables. */
/** A sender renders digests with each story's other coverage (STORY#). */
const SENDER_TABLE = { read: ['ART#', 'STORY#'], readWrite: ['DLV#', 'DIGEST#', ...SUBSCRIBER_RECORD] } as const satisfies TableAccess;
/** A haltable sender also records why it stopped, and when it may resume. */
const HALTABLE_SENDER_TABLE = { ...SENDER_TABLE, readWrite: [...SENDER_TABLE.readWrite, 'HALTS'] } as const satisfies TableAccess;

export const TOPOLOGY = {
  'dispatch-polls': {
    description: 'Queues a poll for every feed that is due',
    memoryMb: 256,
    timeoutSeconds: 60,
    triggers: [{ kind: 'schedule', id: 'DispatchPollsSchedule', rateMinutes: 5, description: 'Poll the feeds that are due' }],
    sends: ['poll'],
    // WebSub subscriptions: a pushed feed is polled only at the safety interval.
    table: { read: ['FEED#', 'PUSHSUBS'], readWrite: [...SUBSCRIBER_RECORD, 'ALARMS'] },
    // It reads every feed's state each tick anyway: it tells the admins when the set of long-failing feeds changes.
    notifiesAdmins: true,
  },
  'poll-feed': {
    description: 'Polls one feed: conditional GET, parse, dedupe, match, store, hand on',
    memoryMb: 512,
    // fetch timeout (20 s) + parse + match + writes, with headroom: every feed of a batch is polled at once
    timeoutSeconds: 60,
    // 5 messages of up to 10 feeds (dispatch-polls groups them): 50 feeds an invocation, 20 invocations a tick at
    // 1,000 feeds, 4 at once finish well inside the 5 minutes even when every feed runs into the fetch timeout.
    triggers: [{ kind: 'queue', queue: 'poll', batchSize: 5, maxConcurrency: 4 }],
    sends: ['fan-out'],
    // Stories: each new article is assigned one (story items, and the postings that find candidate stories).
    table: { readWrite: ['FEED#', 'ART#', 'TOPIC#', 'STORY#', 'STORYKEY#'] },
    // A poll message may name a body a WebSub hub pushed instead of a poll.
    inboxBucket: 'read',
  },
  'fan-out': {
    description: 'Turns a matched article into one delivery per subscriber and channel',
    memoryMb: 512,
    timeoutSeconds: 60,
    triggers: [{ kind: 'queue', queue: 'fan-out', batchSize: 10, maxConcurrency: 2 }],
    sends: ['email', 'telegram', 'webhook', 'publish'],
    // Storm control's counters, and which article alerted each (story, topic).
    table: { read: ['TOPICSUBS#'], readWrite: ['ACTIVITY#', 'STORYALERT#'] },
  },
  'send-email': {
    description: 'Sends one alert email through SES',
    memoryMb: 256,
    timeoutSeconds: 30,
    // Two invocations of 10 concurrent sends each already outrun SES's default sending rate (14/s); SES throttling is re-queued.
    triggers: [{ kind: 'queue', queue: 'email', batchSize: 10, maxConcurrency: 2 }, resumeCheck],
    secrets: ['signingKey'],
    table: HALTABLE_SENDER_TABLE,
    sendsEmail: true,
    haltable: true,
  },
  'send-telegram': {
    description: 'Sends one Telegram alert through the Bot API',
    memoryMb: 256,
    timeoutSeconds: 30,
    // Few concurrent senders keep the bot under its global rate; the handler paces within a batch.
    triggers: [{ kind: 'queue', queue: 'telegram', batchSize: 10, maxConcurrency: 2 }, resumeCheck],
    // Telegram alerts carry signed preference/unsubscribe links too.
    secrets: ['signingKey', 'telegramBotToken'],
    table: HALTABLE_SENDER_TABLE,
    haltable: true,
  },
  'send-webhook': {
    description: 'POSTs one HMAC-signed alert to a webhook',
    memoryMb: 256,
    timeoutSeconds: 30,
    triggers: [{ kind: 'queue', queue: 'webhook', batchSize: 10, maxConcurrency: 2 }],
    // Each receiver's own key; webhook payloads carry no signed links, so no signing key.
    secrets: ['webhookKeys'],
    table: SENDER_TABLE,
  },
  'publish-feeds': {
    description: 'Rebuilds per-topic syndication feeds into S3',
    memoryMb: 512,
    timeoutSeconds: 60,
    triggers: [
      { kind: 'queue', queue: 'publish', batchSize: 100, maxBatchingWindowSeconds: 20, maxConcurrency: 2 },
      // A revoked partner's or removed topic's files go as the deploy that removes them finishes, not at the next match.
      { kind: 'deploy', id: 'RepublishFeeds', description: 'Rebuild every feed and delete what the config no longer calls for', input: { republish: 'all' } },
    ],
    secrets: ['partnerTokens'],
    // PARTNERS: the fingerprint of the partner entries last written to the token table, so unchanged partners cost no call.
    // STORY#: a story's coverage ("also reported by") beside each item.
    table: { read: ['ART#', 'STORY#'], readWrite: ['PARTNERS'], indexes: ['gsi1', 'gsi2'] },
    feedsBucket: 'read-write',
    partnerAccessStore: 'read-write',
  },
  'send-digests': {
    description: 'Queues digest deliveries that are due',
    memoryMb: 512,
    timeoutSeconds: 120,
    // Digest slots fall on the hour and at quiet-hours ends (any minute): every 5 minutes catches both.
    triggers: [{ kind: 'schedule', id: 'SendDigestsSchedule', rateMinutes: 5, description: 'Send the digests that are due' }],
    sends: ['email', 'telegram', 'webhook'],
    // A digest lists a story's coverage.
    table: { readWrite: ['DIGEST#'], indexes: ['gsi1'] },
  },
  subscriptions: {
    description: 'Subscription pages and API',
    memoryMb: 256,
    timeoutSeconds: 10,
    triggers: [
      {
        kind: 'http',
        // The API stage's steady rate (20 requests/s) × a page's ~150 ms is 3 at once; one more for a burst.
        concurrency: 4,
        routes: [
          { method: 'GET', path: '/', throttle: PAGE },
          { method: 'GET', path: '/subscribe', throttle: PAGE },
          // Each request may send an email.
          { method: 'POST', path: '/subscribe', throttle: FORM_POST },
          { method: 'GET', path: '/confirm', throttle: PAGE },
          { method: 'POST', path: '/confirm', throttle: PAGE },
          { method: 'GET', path: '/preferences', throttle: PAGE },
          { method: 'POST', path: '/preferences', throttle: FORM_POST },
          { method: 'GET', path: '/unsubscribe', throttle: { rate: 10, burst: 20 } },
          // RFC 8058 one-click: mail providers post these for many recipients from few addresses.
          { method: 'POST', path: '/unsubscribe', throttle: ONE_CLICK },
        ],
      },
    ],
    secrets: ['signingKey'],
    // The subscribe page shows each topic's newest matches: matches by topic (gsi1) and their articles.
    table: { read: ['SUPPRESS#', 'TOPIC#', 'ART#'], readWrite: [...SUBSCRIBER_RECORD, 'WEBSUB#', 'RATE#'], indexes: ['gsi1'] },
    // The double opt-in confirmation is sent from here; in the SES sandbox the page says it cannot be, to everyone alike.
    sendsEmail: true,
    readsSendingAccount: true,
  },
  'telegram-webhook': {
    description: 'Telegram bot commands',
    memoryMb: 256,
    timeoutSeconds: 10,
    triggers: [{ kind: 'http', concurrency: 2, routes: [{ method: 'POST', path: '/telegram/webhook', throttle: ONE_CLICK }] }],
    secrets: ['telegramBotToken'],
    table: { readWrite: [...SUBSCRIBER_RECORD, 'ONCE#'] },
  },
  'ses-events': {
    description: 'Suppresses addresses on SES bounces and complaints',
    memoryMb: 256,
    timeoutSeconds: 30,
    triggers: [{ kind: 'sns', topic: 'ses-events', concurrency: 1 }],
    table: { readWrite: [...SUBSCRIBER_RECORD, 'SUPPRESS#'] },
  },
  'sweep-outbox': {
    description: 'Re-hands pending matches older than a minute',
    memoryMb: 256,
    timeoutSeconds: 60,
    triggers: [{ kind: 'schedule', id: 'SweepOutboxSchedule', rateMinutes: 1, description: 'Re-hand pending matches' }],
    sends: ['fan-out'],
    table: { readWrite: ['TOPIC#'], indexes: ['gsi2'] },
  },
  'websub-callback': {
    description: 'WebSub callback: answers hub verifications, takes signed pushes into the inbox and the poll queue',
    memoryMb: 256,
    timeoutSeconds: 10,
    // Hubs push as feeds publish: bursts of a few a second at 1,000 feeds; a verification now and then.
    triggers: [{ kind: 'http', concurrency: 2, routes: [{ method: 'GET', path: '/websub', throttle: PAGE }, { method: 'POST', path: '/websub', throttle: { rate: 10, burst: 50 } }] }],
    sends: ['poll'],
    secrets: ['websubKey'],
    table: { readWrite: ['PUSHSUBS'] },
    inboxBucket: 'write',
  },
  'websub-subscribe': {
    description: 'Subscribes to the WebSub hubs feeds announce, renews leases, unsubscribes removed feeds',
    memoryMb: 256,
    timeoutSeconds: 60,
    // A lease (10 days asked) is renewed well before it lapses; a new feed's hub is subscribed within this.
    triggers: [{ kind: 'schedule', id: 'WebSubSubscribeSchedule', rateMinutes: 15, description: 'Subscribe, renew and unsubscribe WebSub subscriptions' }],
    secrets: ['websubKey'],
    table: { read: ['FEED#'], readWrite: ['PUSHSUBS'] },
  },
} as const satisfies Record<string, FunctionEntry>;

export type FunctionName = keyof typeof TOPOLOGY;
export const FUNCTION_NAMES = Object.keys(TOPOLOGY) as FunctionName[];

type Entry<F extends FunctionName> = (typeof TOPOLOGY)[F];
type TriggersOf<F extends FunctionName> = Entry<F>['triggers'][number];

/** The queue a function consumes; never for a function without a queue trigger (not every queue, as `never extends` would give). */
export type OwnQueue<F extends FunctionName> = Extract<TriggersOf<F>, { kind: 'queue' }>['queue'];
/** Every queue a function may send to: its entry's `sends` and its own queue (re-queueing with a delay). */
export type SendsOf<F extends FunctionName> = (Entry<F> extends { sends: readonly (infer Q extends QueueName)[] } ? Q : never) | OwnQueue<F>;
export type SecretsOf<F extends FunctionName> = Entry<F> extends { secrets: readonly (infer S extends SecretName)[] } ? S : never;
export type TableAccessOf<F extends FunctionName> = Entry<F> extends { table: infer A } ? A : never;
export type HasFeedsBucket<F extends FunctionName> = Entry<F> extends { feedsBucket: string } ? true : false;
export type HasInboxBucket<F extends FunctionName> = Entry<F> extends { inboxBucket: string } ? true : false;
export type SendsEmail<F extends FunctionName> = Entry<F> extends { sendsEmail: true } ? true : false;

export function entryOf(name: FunctionName): FunctionEntry {
  return TOPOLOGY[name];
}

export function queueTriggerOf(name: FunctionName): QueueTrigger | undefined {
  return entryOf(name).triggers.find((t): t is QueueTrigger => t.kind === 'queue');
}

export function deployTriggersOf(name: FunctionName): DeployTrigger[] {
  return entryOf(name).triggers.filter((t): t is DeployTrigger => t.kind === 'deploy');
}

/** The queues a function may send to, its own included. */
export function sendsOf(name: FunctionName): QueueName[] {
  const own = queueTriggerOf(name)?.queue;
  return [...new Set([...(entryOf(name).sends ?? []), ...(own ? [own] : [])])];
}

export function consumerOf(queue: QueueName): { name: FunctionName; entry: FunctionEntry; trigger: QueueTrigger } {
  for (const name of FUNCTION_NAMES) {
    const trigger = queueTriggerOf(name);
    if (trigger?.queue === queue) return { name, entry: entryOf(name), trigger };
  }
  throw new Error(`no function consumes the ${queue} queue`);
}

/** `poll-feed` → `PollFeed`: stable construct ids. */
export function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
