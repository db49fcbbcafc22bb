/**
 * Design knobs, each applied to the projected usage rows (the same counts), never to the product: what the bill
 * would be if the design changed so. Each says what it changes and what it costs in behaviour.
 */
import { queueTriggerOf } from '../../shared/topology/functions.js';
import { ASSUMPTIONS, TARGET, type Projection, type UsageRow } from './cost-model.js';

export interface WhatIf {
  id: string;
  knob: string;
  /** What the change gives up or needs. */
  tradeOff: string;
  /** Where the product does it already: the counted scenario measures it, so it is no what-if any more. */
  implemented?: string;
  /** Leave out of "all of them" (it replaces another knob, or is not worth taking). */
  exclusiveOf?: string;
  apply: (rows: UsageRow[], p: Projection) => UsageRow[];
}

const scale = (rows: UsageRow[], when: (r: UsageRow) => boolean, factor: number) => rows.map((r) => (when(r) ? { ...r, qty: r.qty * factor } : r));
const drop = (rows: UsageRow[], when: (r: UsageRow) => boolean) => rows.filter((r) => !when(r));
const POLL_BATCH = queueTriggerOf('poll-feed')!.batchSize;
const isPollQueue = (r: UsageRow) => (r.meter === 'sqs.requests' || r.meter === 'sqs.fifo') && / poll$/.test(r.op ?? '');

/** poll-feed GB-s when each invocation handles `k` times as many feeds: compute grows k-fold, the wait for the slowest server does not. */
function pollBatching(rows: UsageRow[], p: Projection, k: number): UsageRow[] {
  const { computeMs: c, waitMs: w } = p.pollInvocation;
  const gbsFactor = (k * c + w) / (k * (c + w));
  rows = scale(rows, (r) => r.fn === 'poll-feed' && r.meter === 'lambda.requests', 1 / k);
  rows = scale(rows, (r) => r.fn === 'poll-feed' && r.meter === 'lambda.gbs' && r.op === 'duration', gbsFactor);
  return scale(rows, (r) => isPollQueue(r) && r.fn === 'poll-feed', 1 / k);
}

export const WHAT_IFS: WhatIf[] = [
  {
    id: 'quiet-poll-logs',
    knob: 'poll-feed logs a poll at INFO only when it found something (new items, errors, moves); 304s and unchanged 200s at DEBUG',
    tradeOff: 'a quiet feed leaves no per-poll line (its metrics and the status page still show it)',
    apply: (rows) => drop(rows, (r) => r.meter === 'logs.ingest' && r.fn === 'poll-feed' && (r.tag === '304' || r.tag === '200')),
  },
  {
    id: 'no-304-state-write',
    knob: 'skip the feed-state write on a 304 (keep the schedule in the lease item or derive it from lastSuccessAt)',
    tradeOff: 'lastPolledAt/lastSuccessAt on the status page only move when something changed; dispatch must compute "due" from older fields',
    implemented: 'the lease on the feed-state item records the poll: a 304 is one write',
    apply: (rows) => drop(rows, (r) => r.fn === 'poll-feed' && r.tag === '304' && (r.op ?? '').startsWith('PutItem FEED#STATE')),
  },
  {
    id: 'fifo-dedupe',
    knob: 'poll queue FIFO (MessageGroupId = feedId, dedup id = feed + tick) instead of the DynamoDB lease',
    tradeOff: 'FIFO requests cost 25 % more; a poll that outlives the 5-minute dedup window could overlap the next one',
    exclusiveOf: 'the lease on the feed-state item (costs more than it saves)',
    apply: (rows) => {
      const idle = rows.filter((r) => r.op === 'idle long polls').map((r): UsageRow => ({ ...r, meter: 'sqs.fifo', qty: r.qty / ASSUMPTIONS.eventSourceQueues, what: 'idle long polls of the FIFO poll queue' }));
      return drop(rows, (r) => (r.op ?? '').startsWith('PutItem FEED#LEASE'))
        .map((r): UsageRow => (isPollQueue(r) ? { ...r, meter: 'sqs.fifo' } : r.op === 'idle long polls' && r.meter === 'sqs.requests' ? { ...r, qty: r.qty * (1 - 1 / ASSUMPTIONS.eventSourceQueues) } : r))
        .concat(idle);
    },
  },
  {
    id: 'no-feed-state-gsi',
    knob: 'feed states under one partition (pk FEEDS, sk feedId) instead of the gsi1 copy',
    tradeOff: 'one partition takes 1,000 writes per 5 min (far below its 1,000 WCU/s limit); dispatch queries the table instead of the index',
    implemented: 'feed states have no index copy; dispatch reads them by key',
    apply: (rows) => drop(rows, (r) => (r.op ?? '').startsWith('PutItem FEED#STATE → gsi1')),
  },
  {
    id: 'poll-batch-10',
    knob: `poll-feed event source batch size ${POLL_BATCH} → 10`,
    tradeOff: 'a slow feed delays the invocation of 10 instead of 5 (timeout 60 s is still ample)',
    implemented: 'superseded by grouped poll messages: 5 messages of 10 feeds an invocation',
    apply: (rows, p) => pollBatching(rows, p, 10 / POLL_BATCH),
  },
  {
    id: 'feeds-per-message-10',
    knob: '10 feeds per poll message (dispatch groups them; poll-feed polls the group concurrently)',
    tradeOff: 'a group is retried as a whole; per-feed leases/dedupe must live inside the group',
    implemented: 'dispatch-polls sends 10 feeds a message (FEEDS_PER_POLL_MESSAGE); poll-feed polls each on its own lease',
    apply: (rows, p) => {
      const out = pollBatching(rows, p, 10);
      return scale(out, (r) => isPollQueue(r) && r.fn === 'dispatch-polls', 1 / 10);
    },
  },
  {
    id: 'telegram-spread',
    knob: 'fan-out spreads Telegram deliveries over time with DelaySeconds at the bot rate (no pacing re-queues)',
    tradeOff: 'the per-container pacer stays as a guard; spreading must know the bot rate and the queue backlog',
    implemented: 'superseded by send-telegram waiting out pacing waits under a second within its batch (waitsInInvocation); only a second message to one chat or a 429 re-queues',
    apply: (rows, p) => {
      const retries = rows.find((r) => r.op === 'SendMessage telegram (retry)');
      if (!retries) return rows;
      const sent = (p.deliveriesPerMatch / 2) * p.volumes.matchedArticles;
      const receives = sent + retries.qty;
      const keep = sent / receives;
      const tg = (r: UsageRow) => r.fn === 'send-telegram' && (['lambda.requests', 'dynamodb.rru'].includes(r.meter) || (r.meter === 'logs.ingest' && r.tag === 'platform'));
      const tgQueue = (r: UsageRow) => r.fn === 'send-telegram' && r.meter === 'sqs.requests' && !(r.op ?? '').includes('(retry)');
      // The re-queues and their "retry later" lines go; invocations, reads and receives shrink to the deliveries.
      const requeue = (r: UsageRow) => r.op === 'SendMessage telegram (retry)' || (r.fn === 'send-telegram' && r.meter === 'logs.ingest' && r.tag !== 'platform');
      return drop(scale(scale(rows, tg, keep), tgQueue, keep), requeue);
    },
  },
  {
    id: 'combined-one-query',
    knob: 'DynamoMatchStore.latest (a "latest matches" index) so the combined feed reads 200 rows, not every topic',
    tradeOff: 'one more sparse GSI on match items (1 more WRU per match) and a hot index partition',
    apply: (rows, p) => {
      // Before: each publish reads every topic's 50 latest matches and their articles (the combined feed).
      // After: the rebuilt topic and one 200-row query (≈ 4 topics); partners read the public feeds.
      const ratio = Math.min(1, (1 + 4) / TARGET.topics);
      let out = scale(rows, (r) => r.fn === 'publish-feeds' && r.meter === 'dynamodb.rru', ratio);
      out = scale(out, (r) => r.fn === 'publish-feeds' && r.meter === 'lambda.gbs' && r.op === 'duration', Math.max(ratio, 0.25));
      return out.concat([{ meter: 'dynamodb.wru', qty: p.volumes.matchedArticles * 2, what: 'latest-matches index: one more index write per match (put + hand-on)' }]);
    },
  },
  {
    id: 'shared-partner-feeds',
    knob: 'partners read the public per-topic objects through a CloudFront Function that checks their token',
    tradeOff: 'partner feeds lose their own self links/scope; revocation is a CloudFront KeyValueStore update',
    implemented: 'the feeds distribution checks partner tokens against a KeyValueStore (infra/edge/partner-feed-access.js) and serves the shared objects; publish-feeds keeps the store in sync',
    apply: (rows) => rows,
  },
  {
    id: 'parameter-store',
    knob: 'secrets as SSM Parameter Store SecureStrings (standard tier, aws/ssm key) instead of Secrets Manager',
    tradeOff: 'no built-in rotation (none was used)',
    implemented: 'secrets are SSM SecureStrings under /newshound/<stage>/ (shared/topology/functions.ts)',
    apply: (rows) => rows,
  },
  {
    id: 'article-ttl',
    knob: `articles and matches expire after 90 days (TTL) instead of being kept (storage and PITR at month ${ASSUMPTIONS.storageMonth})`,
    tradeOff: 'backtests and feeds only reach 90 days back',
    implemented: 'articles and matches carry expiresAt (shared/adapters/dynamodb/retention.ts)',
    apply: (rows) => scale(rows, (r) => ['storage ART', 'pitr ART', 'storage TOPIC', 'pitr TOPIC'].includes(r.op ?? ''), 3 / ASSUMPTIONS.storageMonth),
  },
];

/**
 * Polling each feed at an adaptive interval instead of every 5 minutes: `share` of the ticks. The schedule's documented
 * rule (half the mean gap between items) gives 36 min for a feed of 20 items a day: share 5/36.
 */
export function adaptiveSchedule(rows: UsageRow[], share: number): UsageRow[] {
  return scale(rows, (r) => r.driver === 'poll' || (r.fn === 'poll-feed' && r.op === 'logs'), share);
}

/** The documented adaptive interval for the target's publishing rate, as a share of 5-minute ticks. */
export function documentedAdaptiveShare(): number {
  const halfGap = (24 * 60) / TARGET.newArticlesPerFeedPerDay / 2;
  return Math.min(1, TARGET.pollMinutes / Math.max(TARGET.pollMinutes, halfGap));
}

/**
 * Provisioned capacity (table and indexes together) instead of on-demand: at least the always-free 25 WCU / 25 RCU,
 * more when the average use at 70 % utilisation needs it. Bursts (a delivery burst, a publish) ride on burst credits
 * (300 s of unused capacity) and on the SDK's and the queues' retries.
 */
export function provisioned(rows: UsageRow[], p: Projection): UsageRow[] {
  const seconds = p.volumes.hours * 3600;
  const sum = (meter: string) => rows.filter((r) => r.meter === meter).reduce((n, r) => n + r.qty, 0);
  const needWcu = Math.ceil(sum('dynamodb.wru') / seconds / 0.7);
  const needRcu = Math.ceil(sum('dynamodb.rru') / seconds / 0.7);
  const wcu = Math.max(25, needWcu);
  const rcu = Math.max(25, needRcu);
  return drop(rows, (r) => r.meter === 'dynamodb.wru' || r.meter === 'dynamodb.rru').concat([
    { meter: 'dynamodb.wcuHours', qty: wcu * p.volumes.hours, what: `provisioned ${wcu} WCU (average use needs ${needWcu} at 70 %)`, op: 'provisioned' },
    { meter: 'dynamodb.rcuHours', qty: rcu * p.volumes.hours, what: `provisioned ${rcu} RCU (average use needs ${needRcu} at 70 %)`, op: 'provisioned' },
  ]);
}
