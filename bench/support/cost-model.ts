/**
 * From counted calls to a monthly bill. Every counted row is scaled by the volume of what drives it (polls,
 * new articles, matched articles, schedule ticks) from the scenario to the target; what cannot be counted in-process
 * (idle event-source polling, advanced parameters, alarms, partners' CloudFront requests, storage) is added from stated
 * assumptions. Pure: no I/O, no clock.
 */
import { ARTICLE_RETENTION_DAYS, LEDGER_RETENTION_DAYS, STORY_RETENTION_DAYS } from '../../shared/adapters/dynamodb/retention.js';
import { alarmCount } from '../../infra/constructs/alarm-count.js';
import { DEFAULT_STORY_OPTIONS } from '../../shared/domain/stories/index.js';
import { DEFAULT_SAFETY_POLL_MINUTES } from '../../shared/runtime/app-config.js';
import { INLINE_PUSH_MAX_MESSAGE_BYTES } from '../../shared/domain/websub/pushed-body.js';
import { SECRET_MAX_AGE_SECONDS } from '../../shared/runtime/platform/ssm-parameters.js';
import { type FunctionName, queueTriggerOf, TOPOLOGY } from '../../shared/topology/functions.js';
import { QUEUE_NAMES } from '../../shared/topology/queues.js';
import type { ScenarioResult } from './cost-scenario.js';
import { METERS, type Meter } from './prices.js';
import { functionOf, scheduleOf, SCHEDULES } from './schedules.js';
import type { TallyRow } from './tally.js';

export interface Target {
  feeds: number;
  pollMinutes: number;
  days: number;
  newArticlesPerFeedPerDay: number;
  matchShare: number;
  subscribers: number;
  topics: number;
  topicsPerSubscriber: number;
  partners: number;
  partnerTopics: number;
  partnerPollMinutes: number;
}

export const TARGET: Target = {
  feeds: 1000,
  pollMinutes: 5,
  days: 30,
  newArticlesPerFeedPerDay: 20,
  matchShare: 0.03,
  subscribers: 10_000,
  topics: 100,
  topicsPerSubscriber: 2,
  partners: 100,
  partnerTopics: 3,
  partnerPollMinutes: 5,
};

/** What cannot be counted in-process. Each is stated in docs/cost-model.md. */
export const ASSUMPTIONS = {
  /** Lambda's SQS pollers long-poll an idle queue (20 s waits), about 5 at a time per event source mapping. */
  esmPollersPerQueue: 5,
  esmLongPollSeconds: 20,
  eventSourceQueues: QUEUE_NAMES.length,
  /**
   * Secrets are SSM SecureStrings (shared/topology/functions.ts), free in the standard tier. The partner-tokens map
   * of the target's partners (about 65 bytes each) passes the standard tier's 4 KB beyond 60 partners, and the
   * CLI's Intelligent-Tiering then keeps it as an advanced parameter ($0.05 a month).
   */
  advancedParameters: TARGET.partners * 65 > 4096 ? 1 : 0,
  /** What infra/constructs/monitoring.ts creates with its default per-function errors and throttles alarms. */
  alarms: alarmCount(),
  /** New containers per hour (busy functions scale out for each burst); each INIT is billed. */
  coldStartsPerHour: { 'poll-feed': 6, 'send-telegram': 2, 'send-email': 3, 'fan-out': 2, 'publish-feeds': 2 } as Partial<Record<FunctionName, number>>,
  defaultColdStartsPerHour: 1,
  initMs: 400,
  /** Containers keeping a secret cached, for a function whose event source has no maximum concurrency. */
  secretCacheContainers: 2,
  /** Self-service traffic: subscribe/confirm/preferences/unsubscribe pages and bot commands. */
  apiRequestsPerSubscriberMonth: 1.5,
  apiLambdaMs: 150,
  /**
   * WebSub (not exercised by the scenario): the share of feeds whose hub pushes (the issue's estimate), one push per
   * new article; websub-callback's duration per push. A pushed feed is polled only at the safety interval
   * (dispatch-polls, websub.safetyPollMinutes), so the polls are the other feeds' every tick plus those.
   */
  websubFeedShare: 0.2,
  websubCallbackMs: 60,
  websubSafetyPollMinutes: DEFAULT_SAFETY_POLL_MINUTES,
  /** A pushed body: the feed document (or the hub's slice of it), ~40 KB; the share over what fits in a poll message. */
  websubPushBytes: 40_000,
  websubLargePushShare: 0.05,
  /** SES bounce/complaint notifications per email sent (SNS → ses-events). */
  bounceShare: 0.01,
  sesEventLambdaMs: 100,
  /**
   * Partner feeds are the shared public objects behind the token check: CloudFront revalidates each polled topic
   * feed at S3 once per max-age (300 s = the polling interval), however many partners poll it.
   */
  originRevalidateShare: 1,
  /** Times a month the partners change (one added, revoked, re-scoped, a new token): a KeyValueStore sync each. */
  partnerChangesPerMonth: 4,
  /** A sync: DescribeKeyValueStore, ListKeys (100 partners: 2 pages of 50), UpdateKeys. */
  kvsCallsPerSync: 4,
  /** Real news XML gzips to about 30 % (the synthetic text compresses better, so this is used when larger). */
  gzipRatio: 0.3,
  responseHeaderBytes: 350,
  logCompression: 0.15,
  /**
   * Storage is priced at this month of operation; each item type holds what its TTL keeps (articles and matches
   * ARTICLE_RETENTION_DAYS, the ledger LEDGER_RETENTION_DAYS: shared/adapters/dynamodb/retention.ts).
   */
  storageMonth: 12,
  itemOverheadBytes: 100,
  /** Subscriber item, 2 topic copies and a lookup item, ~600 B each. */
  subscriberBytes: 4 * 600,
};

export interface Volumes {
  cycles: number;
  /** Polls made: the feeds without a hub every cycle, the pushed ones at the safety interval. */
  polls: number;
  /** Feeds a hub pushes, their safety polls, and the pushes (one per new article). */
  pushedFeeds: number;
  safetyPolls: number;
  pushes: number;
  newArticles: number;
  matchedArticles: number;
  deliveries: number;
  /** Invocations of each schedule (by its label, schedules.ts). */
  scheduleTicks: Record<string, number>;
  hours: number;
  partnerPolls: number;
  topicChangesPerDay: number;
}

export function volumes(t: Target = TARGET, a: Pick<typeof ASSUMPTIONS, 'websubFeedShare' | 'websubSafetyPollMinutes'> = ASSUMPTIONS): Volumes {
  const cycles = (t.days * 24 * 60) / t.pollMinutes;
  const newArticles = t.feeds * t.newArticlesPerFeedPerDay * t.days;
  const matchedArticles = newArticles * t.matchShare;
  const pushedFeeds = t.feeds * a.websubFeedShare;
  const safetyPolls = pushedFeeds * Math.min(cycles, (t.days * 24 * 60) / a.websubSafetyPollMinutes);
  return {
    cycles,
    polls: (t.feeds - pushedFeeds) * cycles + safetyPolls,
    pushedFeeds,
    safetyPolls,
    pushes: pushedFeeds * t.newArticlesPerFeedPerDay * t.days,
    newArticles,
    matchedArticles,
    deliveries: (matchedArticles * t.subscribers * t.topicsPerSubscriber) / t.topics,
    scheduleTicks: Object.fromEntries(SCHEDULES.map((s) => [s.label, (t.days * 24 * 60) / s.trigger.rateMinutes])),
    hours: t.days * 24,
    partnerPolls: t.partners * t.partnerTopics * ((t.days * 24 * 60) / t.partnerPollMinutes),
    topicChangesPerDay: matchedArticles / t.days / t.topics,
  };
}

export interface UsageRow {
  meter: Meter;
  qty: number;
  /** Human label: function and operation. */
  what: string;
  fn?: string;
  tag?: string;
  op?: string;
  /** What the row scales with (absent for fixed and modelled rows). */
  driver?: Driver;
}

/** `schedule <label>`: the invocations of one schedule (schedules.ts). */
export type Driver = 'poll' | 'article' | 'match' | 'dispatchFeed' | `schedule ${string}`;

const DISPATCH_TICK: Driver = 'schedule dispatch-polls';

export function driverOfRow(r: TallyRow): Driver {
  switch (r.fn) {
    case 'dispatch-polls':
      if (r.service === 'sqs') return 'poll';
      // Reading the feeds' states grows with the feeds, the rest (admin subscribers) with the ticks.
      return r.op.includes('FEED#STATE') ? 'dispatchFeed' : DISPATCH_TICK;
    case 'poll-feed':
      if (r.service === 'dynamodb') return r.op.includes(' ART') ? 'article' : r.op.includes(' TOPIC') ? 'match' : 'poll';
      return r.op === 'SendMessageBatch fan-out' ? 'match' : 'poll';
    default:
      return scheduleOf(r.fn) ? `schedule ${r.fn}` : 'match';
  }
}

function lambdaDriver(label: string): { invocations: Driver; duration: Driver } {
  if (label === 'dispatch-polls') return { invocations: DISPATCH_TICK, duration: 'dispatchFeed' };
  if (label === 'poll-feed') return { invocations: 'poll', duration: 'poll' };
  if (scheduleOf(label)) return { invocations: `schedule ${label}`, duration: `schedule ${label}` };
  return { invocations: 'match', duration: 'match' };
}

export interface Projection {
  rows: UsageRow[];
  factors: Record<Driver, number>;
  volumes: Volumes;
  /** Per poll-feed invocation in the scenario: measured compute and modelled waiting, ms. */
  pollInvocation: { computeMs: number; waitMs: number; records: number };
  /** The share of 5-minute ticks at which the product's adaptive schedule would poll a feed (from the feeds' intervals). */
  adaptivePollShare: number;
  deliveriesPerMatch: number;
}

const gb = (bytes: number) => bytes / 1e9;

const STORAGE_LABELS: Record<string, string> = {
  ART: `articles (${ARTICLE_RETENTION_DAYS}-day TTL)`,
  TOPIC: `matches + index copies (${ARTICLE_RETENTION_DAYS}-day TTL)`,
  DLV: `delivery ledger (${LEDGER_RETENTION_DAYS}-day TTL)`,
  STORYALERT: `story-alert records, one per (story, topic) (${LEDGER_RETENTION_DAYS}-day TTL)`,
  STORY: `stories: heads, members and article claims (${STORY_RETENTION_DAYS}-day TTL)`,
  STORYKEY: `story key postings (expire ${DEFAULT_STORY_OPTIONS.windowMs / 3_600_000} h after last seen)`,
  SUB: 'subscribers (estimate)',
};

/** Months of an item type's monthly volume the table holds at `storageMonth`, by its TTL (no TTL: every month so far). */
function heldMonths(op: string, storageMonth: number): number {
  const type = op.split(' ')[1];
  const days =
    type === 'DLV' || type === 'STORYALERT'
      ? LEDGER_RETENTION_DAYS
      : type === 'ART' || type === 'TOPIC'
        ? ARTICLE_RETENTION_DAYS
        : type === 'STORY'
          ? STORY_RETENTION_DAYS
          : type === 'STORYKEY'
          ? DEFAULT_STORY_OPTIONS.windowMs / 86_400_000
          : undefined;
  return days === undefined ? storageMonth : Math.min(days / 30, storageMonth);
}

export function project(result: ScenarioResult, target: Target = TARGET, a = ASSUMPTIONS): Projection {
  const { tally, options: o } = result;
  const d = tally.drivers;
  const v = volumes(target, a);
  const need = (name: string) => {
    const n = d[name] ?? 0;
    if (n <= 0) throw new Error(`the scenario produced no ${name}: cannot scale`);
    return n;
  };
  const factors: Record<Driver, number> = {
    poll: v.polls / need('polls'),
    article: v.newArticles / need('newArticles'),
    match: v.matchedArticles / need('matchedArticles'),
    dispatchFeed: (v.cycles * target.feeds) / (need(DISPATCH_TICK) * o.feeds),
    ...Object.fromEntries(SCHEDULES.map((s) => [`schedule ${s.label}`, v.scheduleTicks[s.label]! / need(`schedule ${s.label}`)])),
  };
  const factor = (driver: Driver) => {
    const f = factors[driver];
    if (f === undefined) throw new Error(`no scale factor for ${driver}`);
    return f;
  };
  const pushIngestFactor = v.pushes / need('polls');
  const rows: UsageRow[] = [];
  const push = (row: UsageRow) => {
    if (row.qty > 0) rows.push(row);
  };

  // --- counted calls ---------------------------------------------------------------------------------------------
  let transferBytes = 0;
  const storageBytes: { type: string; bytes: number }[] = [];
  for (const r of tally.list((row) => row.service !== 'ssm')) {
    const driver = driverOfRow(r);
    const f = factor(driver);
    const what = `${r.fn}: ${r.op}${r.tag ? ` [${r.tag}]` : ''}`;
    const base = { what, fn: r.fn, tag: r.tag, op: r.op, driver };
    if (r.service === 'dynamodb') {
      push({ ...base, meter: 'dynamodb.wru', qty: r.wru * f });
      push({ ...base, meter: 'dynamodb.rru', qty: r.rru * f });
      // A pushed body's ingest takes the feed's lease and writes its state like a poll (its articles are counted
      // with the new articles): priced as the poll's own work, per push.
      if (r.fn === 'poll-feed' && driver === 'poll') {
        const pushed = { ...base, what: `${what} [WebSub: pushed ingests, as a poll]`, driver: undefined, tag: 'websub' };
        push({ ...pushed, meter: 'dynamodb.wru', qty: r.wru * pushIngestFactor });
        push({ ...pushed, meter: 'dynamodb.rru', qty: r.rru * pushIngestFactor });
      }
      if (r.newItems > 0 && !r.op.includes('→ gsi2') && !r.op.includes('ACTIVITY')) {
        storageBytes.push({ type: r.op.split(' ')[1]!, bytes: (r.newItemBytes + r.newItems * a.itemOverheadBytes) * f * heldMonths(r.op, a.storageMonth) });
      }
    } else if (r.service === 'sqs') {
      push({ ...base, meter: 'sqs.requests', qty: r.billed * f });
    } else if (r.service === 's3') {
      const meter: Meter = r.op.startsWith('PUT') ? 's3.put' : r.op.startsWith('LIST') ? 's3.list' : r.op.startsWith('HEAD') ? 's3.get' : 's3.put';
      if (!r.op.startsWith('DeleteObjects')) push({ ...base, meter, qty: r.calls * f });
    } else if (r.service === 'telegram' || r.service === 'http') {
      transferBytes += r.bytes * f;
    }
  }
  push({ meter: 'transfer.out', qty: gb(transferBytes), what: 'requests to feeds and the Telegram API (bytes out of AWS)' });

  // --- Lambda: invocations and GB-s per function (and per second trigger), measured durations -----------------------
  const invocations = new Map<FunctionName, number>();
  for (const [label, s] of tally.lambda) {
    const fn = functionOf(label);
    const { memoryMb } = TOPOLOGY[fn];
    const drv = lambdaDriver(label);
    const monthly = s.invocations * factor(drv.invocations);
    invocations.set(fn, (invocations.get(fn) ?? 0) + monthly);
    push({ meter: 'lambda.requests', qty: monthly, what: `${label}: invocations`, fn: label, op: 'invocations', driver: drv.invocations });
    push({ meter: 'lambda.gbs', qty: (s.durationMs / 1000) * (memoryMb / 1024) * factor(drv.duration), what: `${label}: duration (${Math.round(s.durationMs / s.invocations)} ms avg, ${memoryMb} MB)`, fn: label, op: 'duration', driver: drv.duration });
    // A second trigger (a sender's resume check) runs in the containers its queue keeps warm.
    if (label !== fn) continue;
    const perHour = a.coldStartsPerHour[fn] ?? a.defaultColdStartsPerHour;
    const coldStarts = Math.min(monthly, perHour * v.hours);
    push({ meter: 'lambda.gbs', qty: coldStarts * (a.initMs / 1000) * (memoryMb / 1024), what: `${fn}: INIT of ${Math.round(coldStarts)} cold starts`, fn, op: 'init' });
  }

  // --- Parameter Store: a container reads a secret again once its cached copy is SECRET_MAX_AGE_SECONDS old. At the
  // target's pace a sender's containers run more often than that (its resume check alone every 5 minutes), so each
  // container reads each secret its function reads once per cache period. Each read of a SecureString decrypts it
  // with the aws/ssm key: one KMS request.
  const secretsRead = new Map<FunctionName, Set<string>>();
  for (const r of tally.list((row) => row.service === 'ssm')) {
    const fn = functionOf(r.fn);
    secretsRead.set(fn, (secretsRead.get(fn) ?? new Set()).add(r.op));
  }
  const cachePeriods = (v.hours * 3600) / SECRET_MAX_AGE_SECONDS;
  for (const [fn, secrets] of secretsRead) {
    const containers = queueTriggerOf(fn)?.maxConcurrency ?? a.secretCacheContainers;
    const reads = Math.min(containers * cachePeriods, invocations.get(fn) ?? 0) * secrets.size;
    const what = `${secrets.size} secret(s) × ${containers} containers, every ${SECRET_MAX_AGE_SECONDS / 60} min`;
    push({ meter: 'ssm.calls', qty: reads, what: `${fn}: GetParameter (${what})`, fn, op: 'GetParameter' });
    push({ meter: 'kms.requests', qty: reads, what: `${fn}: aws/ssm Decrypt (${what})`, fn, op: 'Decrypt' });
  }
  // Self-service HTTP API and SES bounce events (not exercised by the scenario).
  const apiRequests = target.subscribers * a.apiRequestsPerSubscriberMonth;
  push({ meter: 'apigw.requests', qty: apiRequests, what: `subscriptions + Telegram webhook: ${a.apiRequestsPerSubscriberMonth} requests/subscriber (assumed)` });
  push({ meter: 'lambda.requests', qty: apiRequests, what: 'subscriptions / telegram-webhook: invocations (assumed)', fn: 'subscriptions' });
  push({ meter: 'lambda.gbs', qty: apiRequests * (a.apiLambdaMs / 1000) * 0.25, what: 'subscriptions / telegram-webhook: duration (assumed)', fn: 'subscriptions' });
  // WebSub pushes: API request, websub-callback (SSM read cached), one poll message (send, receive, delete: billed
  // per 64 KB chunk) carrying the body when it fits (pushed-body.ts), else naming it in the inbox bucket (PUT, GET),
  // and poll-feed's ingest (its DynamoDB work priced as a poll's, above). The polls pushed feeds no longer make are
  // out of the poll volume (volumes(): safety polls only).
  const pushes = v.pushes;
  const large = pushes * a.websubLargePushShare;
  const inlineMessageBytes = Math.ceil(a.websubPushBytes / 3) * 4 + 120;
  const chunks = Math.ceil(Math.min(inlineMessageBytes, INLINE_PUSH_MAX_MESSAGE_BYTES) / 65_536);
  const pushWhat = `WebSub (${a.websubFeedShare * 100} % of feeds pushed, one push per new article, assumed)`;
  push({ meter: 'apigw.requests', qty: pushes, what: `${pushWhat}: pushes to websub-callback`, tag: 'websub' });
  push({ meter: 'lambda.requests', qty: pushes, what: 'websub-callback: invocations (assumed)', fn: 'websub-callback', tag: 'websub' });
  push({ meter: 'lambda.gbs', qty: pushes * (a.websubCallbackMs / 1000) * (TOPOLOGY['websub-callback'].memoryMb / 1024), what: `websub-callback: duration (${a.websubCallbackMs} ms, assumed)`, fn: 'websub-callback', tag: 'websub' });
  push({ meter: 'sqs.requests', qty: (pushes - large) * (2 * chunks + 1), what: `poll messages carrying a pushed body (~${Math.round(a.websubPushBytes / 1000)} KB as base64: ${chunks} chunk(s) sent and received, one delete)`, op: 'pushed poll messages', tag: 'websub' });
  push({ meter: 'sqs.requests', qty: large * 3, what: `poll messages naming a pushed body in the inbox (${a.websubLargePushShare * 100} % of pushes too large for the message, assumed)`, op: 'pushed poll messages', tag: 'websub' });
  push({ meter: 's3.put', qty: large, what: 'pushed bodies too large for the message into the inbox bucket', op: 'PUT inbox', tag: 'websub' });
  push({ meter: 's3.get', qty: large, what: 'poll-feed reading those from the inbox', op: 'GET inbox', tag: 'websub' });
  push({ meter: 'lambda.requests', qty: pushes, what: 'poll-feed: ingesting pushed bodies (assumed one invocation each)', fn: 'poll-feed', tag: 'websub' });
  const poll = tally.lambda.get('poll-feed');
  if (poll && poll.records > 0) {
    push({ meter: 'lambda.gbs', qty: pushes * (poll.computeMs / poll.records / 1000) * (TOPOLOGY['poll-feed'].memoryMb / 1024), what: `poll-feed: ingesting pushed bodies (${(poll.computeMs / poll.records).toFixed(0)} ms a feed, measured compute, no fetch)`, fn: 'poll-feed', tag: 'websub' });
  }
  const emails = (d['sent email'] ?? 0) * factors.match;
  push({ meter: 'sns.publishes', qty: emails * a.bounceShare, what: `SES bounce/complaint events (${a.bounceShare * 100} % of emails, assumed)` });
  push({ meter: 'lambda.requests', qty: emails * a.bounceShare, what: 'ses-events: invocations (assumed)', fn: 'ses-events' });
  push({ meter: 'lambda.gbs', qty: emails * a.bounceShare * (a.sesEventLambdaMs / 1000) * 0.25, what: 'ses-events: duration (assumed)', fn: 'ses-events' });

  // --- CloudWatch: log bytes written per invocation, custom metrics from the EMF lines, alarms --------------------
  let ingest = 0;
  for (const s of tally.logs.values()) {
    const driver = s.fn === 'dispatch-polls' && s.tag !== 'platform' ? 'dispatchFeed' : lambdaDriver(s.fn).invocations;
    const bytes = s.bytes * factor(driver);
    ingest += gb(bytes);
    const kind = s.tag === 'platform' ? 'START/END/REPORT lines' : `Powertools lines${s.tag ? ` [${s.tag}]` : ''}`;
    push({ meter: 'logs.ingest', qty: gb(bytes), what: `${s.fn}: ${kind}`, fn: s.fn, tag: s.tag, op: 'logs', driver });
  }
  push({ meter: 'logs.storage', qty: ingest * a.logCompression, what: 'logs kept one month (compressed)' });
  // A metric with a feedId dimension is one metric per feed: scaled to the target's feeds.
  const perFeed = [...tally.metrics.values()].flatMap((set) => [...set]).filter((m) => m.includes('feedId='));
  const other = [...tally.metrics.values()].flatMap((set) => [...set]).filter((m) => !m.includes('feedId='));
  push({ meter: 'cw.metrics', qty: (perFeed.length / o.feeds) * target.feeds, what: `metrics with a feedId dimension (${perFeed.length} for ${o.feeds} feeds)`, op: 'per-feed metrics' });
  // The senders' log metric filters publish SenderHalted only when a sender halts: no data, no charge.
  push({ meter: 'cw.metrics', qty: other.length, what: `custom metrics from EMF (${other.map((m) => m.split('{')[0]!.split('/')[1]).join(', ')})` });
  push({ meter: 'cw.alarms', qty: a.alarms, what: 'alarms: dead letters, each function\'s errors and throttles, halted senders, SES reputation, alert latency' });

  // --- fixed and modelled -----------------------------------------------------------------------------------------
  const idlePolls = a.eventSourceQueues * a.esmPollersPerQueue * ((v.hours * 3600) / a.esmLongPollSeconds);
  push({ meter: 'sqs.requests', qty: idlePolls, what: `Lambda's long polls of ${a.eventSourceQueues} queues (${a.esmPollersPerQueue} pollers × 20 s, assumed)`, op: 'idle long polls' });
  push({ meter: 'ssm.advanced', qty: a.advancedParameters, what: `partner-tokens map over 4 KB (${TARGET.partners} partners): an advanced parameter` });
  push({
    meter: 'scheduler.invocations',
    qty: Object.values(v.scheduleTicks).reduce((n, k) => n + k, 0),
    what: SCHEDULES.map((s) => `${s.label} (${s.trigger.rateMinutes} min)`).join(', '),
  });

  const changeShare = Math.min(1, v.topicChangesPerDay / ((24 * 60) / target.partnerPollMinutes));
  const feedBytes = Math.max(result.partnerFeedBytes.gzip, result.partnerFeedBytes.raw * a.gzipRatio);
  const egress = v.partnerPolls * ((1 - changeShare) * a.responseHeaderBytes + changeShare * (feedBytes + a.responseHeaderBytes));
  push({ meter: 'cloudfront.requests', qty: v.partnerPolls, what: `partner polls: ${target.partners} partners × ${target.partnerTopics} feeds every ${target.partnerPollMinutes} min`, op: 'partner polls' });
  push({ meter: 'cloudfront.egress', qty: gb(egress), what: `partner polls: ${(changeShare * 100).toFixed(1)} % get a ${Math.round(feedBytes / 1024)} KB feed, the rest 304`, op: 'partner polls' });
  // Every partner request runs the token check (one function invocation, one KeyValueStore read), cached or not.
  push({ meter: 'cloudfront.functions', qty: v.partnerPolls, what: 'partner token check: one CloudFront Function invocation per partner request', op: 'token check' });
  push({ meter: 'cloudfront.kvsReads', qty: v.partnerPolls, what: 'partner token check: one KeyValueStore read per partner request', op: 'token check' });
  const polledFeeds = Math.min(target.topics, target.partners * target.partnerTopics);
  const revalidations = polledFeeds * ((target.days * 24 * 60) / target.partnerPollMinutes) * a.originRevalidateShare;
  push({ meter: 's3.get', qty: revalidations, what: `CloudFront revalidating the ${polledFeeds} shared topic objects partners poll at S3, once per max-age`, op: 'origin GET shared' });
  push({ meter: 'cloudfront.kvsApi', qty: (result.partnerAccessSyncs * factor('match') + a.partnerChangesPerMonth) * a.kvsCallsPerSync, what: `KeyValueStore syncs: ${a.partnerChangesPerMonth} partner changes a month (assumed) × ${a.kvsCallsPerSync} calls; none counted while partners stay the same` });

  // Storage at month `storageMonth`, per item type (index copies included), as much as each type's TTL keeps.
  const byType = new Map<string, number>([['SUB', target.subscribers * a.subscriberBytes]]);
  for (const s of storageBytes) byType.set(s.type, (byType.get(s.type) ?? 0) + s.bytes);
  for (const [type, bytes] of byType) {
    const label = STORAGE_LABELS[type] ?? type;
    push({ meter: 'dynamodb.storage', qty: gb(bytes), what: `storage at month ${a.storageMonth}: ${label}`, op: `storage ${type}` });
    push({ meter: 'dynamodb.pitr', qty: gb(bytes), what: `point-in-time recovery: ${label}`, op: `pitr ${type}` });
  }

  return {
    rows,
    factors,
    volumes: v,
    pollInvocation: poll ? { computeMs: poll.computeMs / poll.invocations, waitMs: (poll.durationMs - poll.computeMs) / poll.invocations, records: poll.records / poll.invocations } : { computeMs: 0, waitMs: 0, records: 1 },
    adaptivePollShare: result.adaptivePollShare,
    deliveriesPerMatch: ((d['sent email'] ?? 0) + (d['sent telegram'] ?? 0)) / need('matchedArticles'),
  };
}

export interface PricedMeter {
  meter: Meter;
  service: string;
  unit: string;
  qty: number;
  cost: number;
  costAfterFree: number;
}

export interface Bill {
  meters: PricedMeter[];
  byService: { service: string; cost: number; costAfterFree: number }[];
  total: number;
  totalAfterFree: number;
}

export function price(rows: UsageRow[]): Bill {
  const qty = new Map<Meter, number>();
  for (const r of rows) qty.set(r.meter, (qty.get(r.meter) ?? 0) + r.qty);
  const meters: PricedMeter[] = [...qty.entries()].map(([meter, q]) => {
    const p = METERS[meter];
    return { meter, service: p.service, unit: p.unit, qty: q, cost: q * p.price, costAfterFree: Math.max(0, q - p.free) * p.price };
  });
  const services = new Map<string, { cost: number; costAfterFree: number }>();
  for (const m of meters) {
    const s = services.get(m.service) ?? { cost: 0, costAfterFree: 0 };
    s.cost += m.cost;
    s.costAfterFree += m.costAfterFree;
    services.set(m.service, s);
  }
  const byService = [...services.entries()].map(([service, s]) => ({ service, ...s })).sort((x, y) => y.cost - x.cost);
  return { meters, byService, total: byService.reduce((n, s) => n + s.cost, 0), totalAfterFree: byService.reduce((n, s) => n + s.costAfterFree, 0) };
}

/** The row groups that cost the most (before free tiers), for "what dominates". */
export function topItems(rows: UsageRow[], n: number): { what: string; meter: Meter; cost: number }[] {
  return rows
    .map((r) => ({ what: r.what, meter: r.meter, cost: r.qty * METERS[r.meter].price }))
    .sort((x, y) => y.cost - x.cost)
    .slice(0, n);
}
