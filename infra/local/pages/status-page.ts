/** The local status page: the admin's picture of the running system, rendered from collectStatus's figures. */
import { html, type SafeHtml } from '../../../shared/domain/pages/html.js';
import { safeHttpUrl } from '../../../shared/domain/render/escape.js';
import { columnChart, perDay } from './column-chart.js';
import { humanTime } from './human-time.js';
import { localPage, type LocalUrls } from './local-layout.js';
import { pollBasis, pollOutcome } from './plain-words.js';
import type { PushHealth } from '../../../shared/domain/polling/feed-health.js';

export interface StatusFigures {
  now: string;
  dynamodb: string;
  feeds: readonly {
    id: string;
    url: string;
    lastSuccessAt?: string;
    lastPolledAt?: string;
    lastStatus?: string;
    lastError?: string;
    lastErrorAt?: string;
    consecutiveFailures?: number;
    nextPollAt?: string;
    nextPollBasis?: string;
    itemsSeen?: number;
    disabled?: boolean;
    websub?: PushHealth;
    publishable?: boolean;
    pagesFetched?: number;
    pageFailures?: number;
    lastPageError?: string;
    lastPageErrorUrl?: string;
    lastPageErrorAt?: string;
  }[];
  topics: readonly { id: string; name: string; matches: number }[];
  /** Match times per topic id (the latest ones), for the chart. */
  matchTimes: Readonly<Record<string, readonly string[]>>;
  /** Delivery times per channel (email, telegram, webhook), from the outbox folder. */
  deliveryTimes: Readonly<Record<string, readonly string[]>>;
  queues: Readonly<Record<string, { ready: number; inFlight: number; delayed: number; dead: number }>>;
  deadLetters: readonly { queue: string; reason: string; body: unknown }[];
  senders: readonly { function: string; consuming: boolean; halted?: { since: string; reason: string; resumeAfter: string } }[];
  alarms: { firing: readonly { name: string; value: unknown; threshold: unknown; description?: string }[]; notMeasured: readonly unknown[] };
  notices: readonly { at: string; subject?: string; message: string }[];
}

export interface StatusView {
  urls: LocalUrls;
  pollToken: string;
  partners: readonly { id: string; href: string }[];
  notice?: string;
}

/** A feed's address as a link only when it is http(s). */
function link(url: string): SafeHtml {
  const safe = safeHttpUrl(url);
  return safe ? html`<a href="${safe}">${url}</a>` : html`${url}`;
}

/** The page as a short link (its last path segment): whole URLs would widen the table. */
function pageLink(url: string | undefined): SafeHtml | '' {
  const safe = safeHttpUrl(url);
  if (!safe) return '';
  const name = new URL(safe).pathname.split('/').filter(Boolean).at(-1) ?? new URL(safe).host;
  return html`<a href="${safe}">${name.length > 40 ? `${name.slice(0, 40)}…` : name}</a>, `;
}

/** Article pages fetched for full text, beside the items seen: how many were used, how many fell back to the excerpt (the last failure is with the errors). */
function pagesNote(f: StatusFigures['feeds'][number]): SafeHtml | '' {
  if (f.pagesFetched === undefined && f.pageFailures === undefined) return '';
  const failures = f.pageFailures ?? 0;
  return html`<br>article pages: ${f.pagesFetched ?? 0} used, <span class="${failures > 0 ? 'bad' : 'ok'}">${failures} fell back</span>`;
}

export function renderStatusPage(status: StatusFigures, view: StatusView, now = new Date(status.now)): string {
  const pollButton = (feedId: string) =>
    html`<form method="post" action="/poll"><input type="hidden" name="feedId" value="${feedId}"><input type="hidden" name="token" value="${view.pollToken}"><button type="submit" aria-label="Poll now: ${feedId}">Poll now</button></form>`;
  const publishButton = (feedId: string) =>
    html`<form method="post" action="/samples/publish"><input type="hidden" name="feedId" value="${feedId}"><input type="hidden" name="token" value="${view.pollToken}"><button type="submit" aria-label="Publish an article: ${feedId}">Publish</button></form>`;
  const delivery = (w: PushHealth | undefined) => {
    if (!w) return html`polled`;
    const refused = w.refused > 0 ? html`; <span class="bad">${w.refused} refused</span>${w.lastRefusal ? html` (last: ${w.lastRefusal}, ${humanTime(w.lastRefusalAt, now)})` : ''}` : '';
    if (w.delivery === 'pushed') return html`<span class="ok">pushed</span> by ${w.hub ?? 'its hub'}, lease until ${humanTime(w.leaseExpiresAt, now)}; ${w.pushes} pushes${w.lastPushAt ? html`, last ${humanTime(w.lastPushAt, now)}` : ''}${refused}`;
    return html`polled: ${w.reason ?? 'no hub'}${refused}`;
  };
  const feedRows = status.feeds.map((f) => {
    const failing = (f.consecutiveFailures ?? 0) > 0;
    const basis = pollBasis(f.nextPollBasis);
    return html`<tr><td>${f.id}</td><td data-label="address">${link(f.url)}</td>
<td data-label="last success">${humanTime(f.lastSuccessAt, now)}</td>
<td data-label="last poll"><span class="${failing ? 'bad' : 'ok'}">${pollOutcome(f.lastStatus)}</span>${f.lastPolledAt ? html`, ${humanTime(f.lastPolledAt, now)}` : ''}</td>
<td data-label="last error">${f.lastError ? html`${f.lastError} (${humanTime(f.lastErrorAt, now, 'time unknown')})` : 'none'}${f.lastPageError ? html`<br>an article page fell back to the excerpt: ${f.lastPageError} (${pageLink(f.lastPageErrorUrl)}${humanTime(f.lastPageErrorAt, now, 'time unknown')})` : ''}</td>
<td data-label="failures in a row">${f.consecutiveFailures ?? 0}</td>
<td data-label="next poll">${f.disabled ? 'never: disabled' : humanTime(f.nextPollAt, now, 'now')}${basis ? ` (${basis})` : ''}</td>
<td data-label="items seen">${f.itemsSeen ?? 0}${pagesNote(f)}</td><td data-label="new items">${delivery(f.websub)}</td><td>${pollButton(f.id)}${f.publishable ? publishButton(f.id) : ''}</td></tr>`;
  });
  const topicRows = status.topics.map(
    (t) => html`<tr><td>${t.id}</td><td data-label="name">${t.name}</td><td data-label="matches">${t.matches}</td><td data-label="feeds"><a href="/feeds/${t.id}.xml">RSS</a> · <a href="/feeds/${t.id}.atom">Atom</a> · <a href="/feeds/${t.id}.json">JSON</a></td></tr>`,
  );
  const topicCharts = status.topics.map((t, i) => columnChart({ name: t.name, points: perDay(status.matchTimes[t.id] ?? [], now) }, 'matches in 7 days', `topic-chart-${i}`));
  const deliveryCharts = Object.entries(status.deliveryTimes).map(([channel, times], i) =>
    columnChart({ name: channel, points: perDay(times, now) }, 'sent in 7 days', `delivery-chart-${i}`),
  );
  const queueRows = Object.entries(status.queues).map(
    ([name, d]) => html`<tr><td>${name}</td><td data-label="ready">${d.ready}</td><td data-label="in flight">${d.inFlight}</td><td data-label="delayed">${d.delayed}</td><td data-label="dead letters">${d.dead}</td></tr>`,
  );
  const senderRows = status.senders.map(
    (s) =>
      html`<tr><td>${s.function}</td><td data-label="state">${s.consuming ? 'consuming' : 'stopped'}</td><td data-label="halt">${s.halted ? html`halted ${humanTime(s.halted.since, now)}: ${s.halted.reason} (resume check ${humanTime(s.halted.resumeAfter, now)})` : 'none'}</td></tr>`,
  );
  const deadRows = status.deadLetters.map((d) => html`<tr><td>${d.queue}</td><td data-label="reason">${d.reason}</td><td data-label="message"><code>${JSON.stringify(d.body)}</code></td></tr>`);
  const alarmRows = status.alarms.firing.map((a) => html`<tr><td>${a.name}</td><td>${String(a.value)} (alarms over ${String(a.threshold)})</td><td>${a.description}</td></tr>`);
  const noticeRows = status.notices.map((n) => html`<tr><td>${humanTime(n.at, now)}</td><td data-label="subject">${n.subject ?? ''}</td><td data-label="message"><pre>${n.message}</pre></td></tr>`);
  const table = (head: readonly string[], rows: readonly SafeHtml[], stack = true) =>
    html`<table${stack ? html` class="stack"` : ''}><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>
${rows.map((r) => html`${r}\n`)}</tbody></table>`;
  const { urls } = view;
  return localPage(
    'Local status',
    html`<h1>Local status</h1>
${view.notice ? html`<div class="notice"><p role="status"><strong>${view.notice}</strong></p></div>\n` : ''}<p>As of ${humanTime(status.now, now)} (${status.now}). DynamoDB endpoint: <code>${status.dynamodb}</code>.</p>
<p>Links: <a href="/feeds/index.html">syndicated feeds</a> · <a href="/feeds/topics.opml">OPML</a> · <a href="${urls.ses}">emails sent (local SES)</a> · <a href="${urls.telegram}">Telegram messages (stand-in)</a> · <a href="/subscribe">subscribe</a> · <a href="/webhooks/inbox">webhook deliveries (local receiver)</a> · <a href="/status.json">status.json</a></p>
${view.partners.map((p) => html`<p>Partner ${p.id}'s private feeds: <a href="${p.href}">${p.href}</a></p>\n`)}<h2>Feed health</h2>
${table(['feed', 'address', 'last success', 'last poll', 'last error', 'failures in a row', 'next poll', 'items seen', 'new items', 'poll'], feedRows)}
<h2>Matches per topic</h2>
${table(['topic', 'name', 'matches', 'feeds'], topicRows)}
<h3>Matches per day</h3>
<div class="charts">${topicCharts}</div>
<h2>Deliveries per channel</h2>
${deliveryCharts.length ? html`<div class="charts">${deliveryCharts}</div>` : html`<p>None sent yet.</p>`}
<h2>Queues</h2>
${table(['queue', 'ready', 'in flight', 'delayed', 'dead letters'], queueRows)}
<h2>Queue consumers</h2>
${table(['function', 'state', 'halt'], senderRows)}
<h2>Dead letters</h2>
${deadRows.length ? table(['queue', 'reason', 'message'], deadRows) : html`<p>None: nothing was parked.</p>`}
<h2>Notices to the admins</h2>
<h3>Alarms that would fire</h3>
${alarmRows.length ? table(['alarm', 'now', 'what to do'], alarmRows, false) : html`<p>None.</p>`}
<p>${status.alarms.notMeasured.length} more alarms watch what only CloudWatch measures (function errors and throttles, SES reputation, alert latency).</p>
<h3>Messages on the alarm topic</h3>
${noticeRows.length ? table(['at', 'subject', 'message'], noticeRows) : html`<p>None.</p>`}`,
    urls,
  );
}
