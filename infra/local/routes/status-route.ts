import { readdir } from 'node:fs/promises';
import { PAGE_HEADERS } from '../../../shared/domain/pages/layout.js';
import type { LocalContext, LocalRoute } from '../context.js';
import { localAlarmStates } from '../local-alarms.js';
import { renderStatusPage } from '../pages/status-page.js';
import { pushHealth } from '../../../shared/domain/polling/feed-health.js';
import { sampleFeedIds } from '../../config/feeds.js';

/** The local status page (/ and /status) and its JSON twin (/status.json): feed health, matches, queues. */
export const statusRoute: LocalRoute = async (req, res, url, ctx) => {
  if (req.method !== 'GET' || !['/', '/status', '/status.json'].includes(url.pathname)) return false;
  const status = await collectStatus(ctx);
  if (url.pathname === '/status.json') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(status, null, 2));
    return true;
  }
  const notice = pollNotice(url, ctx);
  const page = renderStatusPage(status, { urls: ctx.urls, pollToken: ctx.pollToken, partners: partnerLinks(ctx), ...(notice ? { notice } : {}) });
  res.writeHead(200, PAGE_HEADERS).end(page);
  return true;
};

/** Matches of each topic looked at for the chart of matches per day (the latest ones). */
const CHARTED_MATCHES = 500;

export async function collectStatus(ctx: LocalContext, now = new Date()) {
  const states = new Map((await ctx.stores.feedStates.getMany(ctx.config.feeds.map((f) => f.id))).map((s) => [s.feedId, s]));
  const subs = new Map((await ctx.stores.pushSubscriptions.list()).map((s) => [s.feedId, s]));
  const counts = await ctx.stores.matches.countByTopic();
  const { deployment, fauxqs } = ctx.cloud;
  const queues: Record<string, { ready: number; inFlight: number; delayed: number; dead: number }> = {};
  const deadLetters: { queue: string; reason: string; body: unknown }[] = [];
  const parkedIn = (queueName: string) => {
    const dead = fauxqs.inspectQueue(queueName)?.messages;
    return dead ? [...dead.ready, ...dead.delayed, ...dead.inflight.map((i) => i.message)] : [];
  };
  for (const queue of deployment.queues.filter((q) => q.redrive)) {
    const name = queueLabel(queue.logicalId);
    const messages = fauxqs.inspectQueue(queue.name)?.messages;
    const dlq = deployment.queues.find((q) => q.arn === queue.redrive!.deadLetterTargetArn);
    const parked = dlq ? parkedIn(dlq.name) : [];
    queues[name] = { ready: messages?.ready.length ?? 0, inFlight: messages?.inflight.length ?? 0, delayed: messages?.delayed.length ?? 0, dead: parked.length };
    for (const message of parked) {
      deadLetters.push({ queue: name, reason: reasonOf(message.messageAttributes, 'no reason (SQS moved it after its maxReceiveCount receives)'), body: parseBody(message.body) });
    }
  }
  // What Lambda's and Scheduler's asynchronous invocations gave up on (`newshound dlq show async-failures`).
  const asyncFailures = deployment.queues.find((q) => q.logicalId.startsWith('AsyncFailuresDlq'));
  for (const message of asyncFailures ? parkedIn(asyncFailures.name) : []) {
    deadLetters.push({ queue: 'async-failures', reason: reasonOf(message.messageAttributes, 'no reason recorded'), body: parseBody(message.body) });
  }
  const halts = await ctx.stores.senderHalts.list();
  const senders = deployment.eventSources.map((m) => {
    const fn = ctx.cloud.lambda.function(m.functionArn);
    const halt = halts.find((h) => h.sender === fn.name);
    return { function: fn.name, consuming: m.enabled, ...(halt ? { halted: halt } : {}) };
  });
  const alarms = localAlarmStates(deployment.alarms, {
    visibleMessages: (queueName) => fauxqs.inspectQueue(queueName)?.messages.ready.length,
    haltedSenders: halts.length,
  });
  const matchTimes = Object.fromEntries(
    await Promise.all(ctx.config.topics.map(async (t) => [t.id, (await ctx.stores.matches.latestForTopic(t.id, CHARTED_MATCHES)).map((m) => m.matchedAt)] as const)),
  );
  return {
    now: now.toISOString(),
    dynamodb: ctx.urls.dynamodb,
    feeds: ctx.config.feeds.map((feed) => ({
      id: feed.id,
      url: feed.url,
      ...states.get(feed.id),
      websub: pushHealth(subs.get(feed.id), states.get(feed.id), now),
      // A sample feed served here can publish an article, which the local hub pushes.
      publishable: (sampleFeedIds as readonly string[]).includes(feed.id) && feed.url.startsWith(`${ctx.urls.app}/samples/`),
    })),
    topics: ctx.config.topics.map((t) => ({ id: t.id, name: t.name, matches: counts[t.id] ?? 0 })),
    /** When each topic's latest matches were made. */
    matchTimes,
    /** When each channel's messages were sent, from the outbox folder's file names. */
    deliveryTimes: await deliveryTimes(ctx.outboxDir),
    queues,
    deadLetters,
    senders,
    /** The stack's alarms that would fire now, with what their descriptions tell the admin to run. */
    alarms,
    /** What the alarm topic's email subscribers would have read (dispatch-polls' failing-feeds notices), latest first. */
    notices: ctx.cloud.alarmTopicArn ? ctx.cloud.sns.messages(ctx.cloud.alarmTopicArn).slice(-20).reverse() : [],
  };
}

/** `FanOutQueue70970298` → `fan-out` */
function queueLabel(logicalId: string): string {
  const base = /^([A-Za-z]+?)Queue/.exec(logicalId)?.[1] ?? logicalId;
  return base.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

/** The consumer's `reason`, else Lambda's ErrorMessage (with its code unless 200), as `newshound dlq show` reads them. */
function reasonOf(attributes: Record<string, { StringValue?: string }> | undefined, fallback: string): string {
  const reason = attributes?.reason?.StringValue;
  if (reason) return reason;
  const error = attributes?.ErrorMessage?.StringValue;
  const code = attributes?.ErrorCode?.StringValue;
  return error ? `${error}${code && code !== '200' ? ` (${code})` : ''}` : fallback;
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}


/** Each partner's private feeds, under the token the local partner-tokens parameter holds for it. */
function partnerLinks(ctx: LocalContext): { id: string; href: string }[] {
  const map = ctx.cloud.parameters.value(ctx.cloud.secretParameter('partnerTokens'));
  const tokens = map ? (JSON.parse(map) as Record<string, unknown>) : {};
  return (ctx.config.partners ?? []).flatMap((p) => {
    const token = tokens[p.id];
    return !p.revoked && typeof token === 'string' ? [{ id: p.id, href: `/feeds/private/${encodeURIComponent(token)}/index.html` }] : [];
  });
}

/** What the page says after a "Poll now" button sent the browser back (poll-route.ts). */
function pollNotice(url: URL, ctx: LocalContext): string | undefined {
  const polled = url.searchParams.get('polled');
  const disabled = url.searchParams.get('disabled');
  const known = (id: string | null) => id !== null && ctx.config.feeds.some((f) => f.id === id);
  if (known(polled)) return `Poll of ${polled} queued: it runs now, whatever its next-poll time. Reload to see its outcome (a poll of it that started under a minute ago would still hold the feed; this one is then skipped).`;
  const published = url.searchParams.get('published');
  if (known(published)) return `Published a sample article to ${published} and pinged the local WebSub hub: when the feed is pushed, it alerts within seconds; else at its next poll.`;
  if (known(disabled)) return `${disabled} is disabled (in the config, or by an HTTP 410): nothing was queued.`;
  return undefined;
}

const CHANNELS = ['email', 'telegram', 'webhook'] as const;

/** Outbox files are named `<ISO time with - for : and .>-<seq>-<kind>-<slug>.<ext>` (outbox-folder.ts). */
async function deliveryTimes(outboxDir: string): Promise<Record<string, string[]>> {
  const times: Record<string, string[]> = Object.fromEntries(CHANNELS.map((c) => [c, []]));
  let names: string[];
  try {
    names = await readdir(outboxDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return times;
    throw error;
  }
  for (const name of names) {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-\d+-([a-z]+)-/.exec(name);
    if (m && m[6]! in times) times[m[6]!]!.push(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  }
  return times;
}
