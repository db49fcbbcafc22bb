import { encode } from 'html-entities';
import type { LocalContext, LocalRoute } from '../context.js';
import { localAlarmStates } from '../local-alarms.js';

/** The local status page (/ and /status) and its JSON twin (/status.json): feed health, matches, queues. */
export const statusRoute: LocalRoute = async (req, res, url, ctx) => {
  if (req.method !== 'GET' || !['/', '/status', '/status.json'].includes(url.pathname)) return false;
  const status = await collectStatus(ctx);
  if (url.pathname === '/status.json') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(status, null, 2));
    return true;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(renderStatusPage(status, ctx, pollNotice(url, ctx)));
  return true;
};

export async function collectStatus(ctx: LocalContext) {
  const states = new Map((await ctx.stores.feedStates.getMany(ctx.config.feeds.map((f) => f.id))).map((s) => [s.feedId, s]));
  const counts = await ctx.stores.matches.countByTopic();
  const { deployment, fauxqs } = ctx.cloud;
  const queues: Record<string, { ready: number; inFlight: number; delayed: number; dead: number }> = {};
  const deadLetters: { queue: string; reason: string; body: unknown }[] = [];
  for (const queue of deployment.queues.filter((q) => q.redrive)) {
    const name = queueLabel(queue.logicalId);
    const messages = fauxqs.inspectQueue(queue.name)?.messages;
    const dlq = deployment.queues.find((q) => q.arn === queue.redrive!.deadLetterTargetArn);
    const dead = dlq ? fauxqs.inspectQueue(dlq.name)?.messages : undefined;
    const parked = dead ? [...dead.ready, ...dead.delayed, ...dead.inflight.map((i) => i.message)] : [];
    queues[name] = { ready: messages?.ready.length ?? 0, inFlight: messages?.inflight.length ?? 0, delayed: messages?.delayed.length ?? 0, dead: parked.length };
    for (const message of parked) {
      deadLetters.push({ queue: name, reason: message.messageAttributes?.reason?.StringValue ?? 'no reason (SQS moved it after its maxReceiveCount receives)', body: parseBody(message.body) });
    }
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
  return {
    now: new Date().toISOString(),
    feeds: ctx.config.feeds.map((feed) => ({ id: feed.id, url: feed.url, ...states.get(feed.id) })),
    topics: ctx.config.topics.map((t) => ({ id: t.id, name: t.name, matches: counts[t.id] ?? 0 })),
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

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

type Status = Awaited<ReturnType<typeof collectStatus>>;

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
  if (known(disabled)) return `${disabled} is disabled (in the config, or by an HTTP 410): nothing was queued.`;
  return undefined;
}

function renderStatusPage(status: Status, ctx: LocalContext, notice?: string): string {
  const e = (v: unknown) => encode(v === undefined || v === null ? '' : String(v));
  const pollButton = (feedId: string) =>
    `<form method="post" action="/poll"><input type="hidden" name="feedId" value="${e(feedId)}"><input type="hidden" name="token" value="${e(ctx.pollToken)}"><button type="submit">Poll now</button></form>`;
  const feedRows = status.feeds
    .map(
      (f) => `<tr><td>${e(f.id)}</td><td><a href="${e(f.url)}">${e(f.url)}</a></td><td>${e(f.lastSuccessAt ?? 'never')}</td>` +
        `<td>${e(f.lastStatus ?? '')}</td>` +
        `<td>${e(f.lastError ? `${f.lastErrorAt}: ${f.lastError}` : '')}</td><td>${e(f.consecutiveFailures ?? 0)}</td><td>${e(f.nextPollAt ?? 'now')}${f.nextPollBasis ? ` (${e(f.nextPollBasis)})` : ''}</td><td>${e(f.itemsSeen ?? 0)}</td><td>${pollButton(f.id)}</td></tr>`,
    )
    .join('\n');
  const topicRows = status.topics
    .map((t) => `<tr><td>${e(t.id)}</td><td>${e(t.name)}</td><td>${e(t.matches)}</td><td><a href="/feeds/${e(t.id)}.xml">RSS</a> · <a href="/feeds/${e(t.id)}.atom">Atom</a> · <a href="/feeds/${e(t.id)}.json">JSON</a></td></tr>`)
    .join('\n');
  const deadRows = status.deadLetters
    .map((d) => `<tr><td>${e(d.queue)}</td><td>${e(d.reason)}</td><td><code>${e(JSON.stringify(d.body))}</code></td></tr>`)
    .join('\n');
  const queueRows = Object.entries(status.queues)
    .map(([name, d]) => `<tr><td>${e(name)}</td><td>${d.ready}</td><td>${d.inFlight}</td><td>${d.delayed}</td><td>${d.dead}</td></tr>`)
    .join('\n');
  const senderRows = status.senders
    .map((s) => `<tr><td>${e(s.function)}</td><td>${s.consuming ? 'consuming' : 'stopped'}</td><td>${s.halted ? e(`halted since ${s.halted.since}: ${s.halted.reason} (resume check after ${s.halted.resumeAfter})`) : ''}</td></tr>`)
    .join('\n');
  const alarmRows = status.alarms.firing
    .map((a) => `<tr><td>${e(a.name)}</td><td>${e(a.value)} (alarms over ${e(a.threshold)})</td><td>${e(a.description)}</td></tr>`)
    .join('\n');
  const noticeRows = status.notices.map((n) => `<tr><td>${e(n.at)}</td><td>${e(n.subject ?? '')}</td><td><pre>${e(n.message)}</pre></td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>newshound — local status</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem auto;max-width:70rem;padding:0 1rem;color:#111}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}td,th{border-bottom:1px solid #ccc;padding:.35rem;text-align:left;vertical-align:top;font-size:.9rem}a{color:#0645ad}</style>
</head><body>
<h1>newshound — local status</h1>
${notice ? `<p role="status"><strong>${e(notice)}</strong></p>\n` : ''}<p>As of ${e(status.now)}. Links: <a href="/feeds/index.html">syndicated feeds</a> · <a href="/feeds/topics.opml">OPML</a> · <a href="${e(ctx.urls.ses)}">emails sent (local SES)</a> · <a href="${e(ctx.urls.telegram)}">Telegram messages (stand-in)</a> · <a href="/subscribe">subscribe</a> · <a href="/webhooks/inbox">webhook deliveries (local receiver)</a> · <a href="/status.json">status.json</a></p>
${partnerLinks(ctx).map((p) => `<p>Partner ${e(p.id)}'s private feeds: <a href="${e(p.href)}">${e(p.href)}</a></p>`).join('\n')}
<h2>Feed health</h2>
<table><thead><tr><th>feed</th><th>url</th><th>last success</th><th>last result</th><th>last error</th><th>failures</th><th>next poll</th><th>items seen</th><th></th></tr></thead><tbody>
${feedRows}
</tbody></table>
<h2>Matches per topic</h2>
<table><thead><tr><th>topic</th><th>name</th><th>matches</th><th>feeds</th></tr></thead><tbody>
${topicRows}
</tbody></table>
<h2>Queues</h2>
<table><thead><tr><th>queue</th><th>ready</th><th>in flight</th><th>delayed</th><th>dead letters</th></tr></thead><tbody>
${queueRows}
</tbody></table>
<h2>Queue consumers</h2>
<table><thead><tr><th>function</th><th>state</th><th>halt</th></tr></thead><tbody>
${senderRows}
</tbody></table>
<h2>Dead letters</h2>
${deadRows ? `<table><thead><tr><th>queue</th><th>reason</th><th>message</th></tr></thead><tbody>\n${deadRows}\n</tbody></table>` : '<p>None: nothing was parked.</p>'}
<h2>Notices to the admins</h2>
<h3>Alarms that would fire</h3>
${alarmRows ? `<table><thead><tr><th>alarm</th><th>now</th><th>what to do</th></tr></thead><tbody>\n${alarmRows}\n</tbody></table>` : '<p>None.</p>'}
<p>${e(status.alarms.notMeasured.length)} more alarms watch what only CloudWatch measures (function errors and throttles, SES reputation, alert latency).</p>
<h3>Messages on the alarm topic</h3>
${noticeRows ? `<table><thead><tr><th>at</th><th>subject</th><th>message</th></tr></thead><tbody>\n${noticeRows}\n</tbody></table>` : '<p>None.</p>'}
</body></html>`;
}
