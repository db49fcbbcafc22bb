/** A topic's newest matched articles on the subscribe page: title (linked when it has a safe http(s) link), source, date. */
import { safeHttpUrl } from '../render/escape.js';
import type { Topic } from '../topic.js';
import { html, type SafeHtml } from './html.js';

export interface RecentMatch {
  title: string;
  source: string;
  link?: string;
  /** ISO 8601 UTC: when it was published (or first seen). */
  date?: string;
}

function day(iso: string | undefined): SafeHtml {
  const at = iso ? new Date(iso) : undefined;
  if (!at || Number.isNaN(at.getTime())) return html``;
  return html`, <time datetime="${at.toISOString()}">${at.toISOString().slice(0, 10)}</time>`;
}

function item(m: RecentMatch): SafeHtml {
  const link = safeHttpUrl(m.link);
  const title = link ? html`<a href="${link}" rel="noopener noreferrer">${m.title}</a>` : html`${m.title}`;
  return html`<li>${title} <span class="small">(${m.source}${day(m.date)})</span></li>`;
}

export function recentMatchesSection(topics: readonly Pick<Topic, 'id' | 'name'>[], recent: Readonly<Record<string, readonly RecentMatch[]>>): SafeHtml {
  return html`<section class="card spaced" aria-labelledby="recent-heading">
<h2 id="recent-heading">Recent matches</h2>
<p class="small">What each topic matched lately, so you know what to expect.</p>
${topics.map((t) => {
  const items = recent[t.id] ?? [];
  return html`<h3>${t.name}</h3>
${items.length ? html`<ul>${items.map(item)}</ul>` : html`<p class="small">Nothing matched yet.</p>`}`;
})}
</section>`;
}
