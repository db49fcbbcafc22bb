import { escapeHtml } from '../../shared/domain/render/escape.js';
import { LABELLED_ARTICLES, paragraphsOf } from './full-text-set.js';
/** The cost scenario's made-up news: RSS documents of ~15 KB whose items match a topic only when told to. */

const WORDS =
  'summit leaders regional talks border agreement minister press economy energy government parliament election market report statement harvest railway bridge festival museum weather storm school budget hospital court trade port tourism exports bank rates'.split(' ');

/** A word the synthetic topics match and nothing else contains: letters only, one per topic. */
export const topicToken = (n: number) => `zq${String.fromCharCode(97 + Math.floor(n / 26))}${String.fromCharCode(97 + (n % 26))}vex`;

export function words(seed: number, n: number): string {
  return Array.from({ length: n }, (_, i) => WORDS[(seed * 7 + i * 13 + (i * i) % 11) % WORDS.length]).join(' ');
}

export interface FeedItem {
  n: number;
  /** Text that makes it match a topic, if any. */
  topical?: string;
  at: number;
}

/** An excerpt-only feed's items carry their lead cut off with "…" and link to their article page at `pagesBase`/page/<feed>/<n>. */
export interface ExcerptOnly {
  pagesBase: string;
}

function itemXml(feed: number, item: FeedItem, excerpt?: ExcerptOnly): string {
  const text = excerpt ? `${words(feed * 31 + item.n, 22)}…` : words(feed * 31 + item.n, 95);
  const title = `${item.topical ? `${item.topical} ` : ''}${words(feed + item.n * 3, 9)} ${feed}-${item.n}`;
  const link = excerpt ? `${excerpt.pagesBase}/page/${feed}/${item.n}` : `https://site${feed}.example/news/${item.n}?utm_source=rss`;
  return (
    `<item><title>${title}</title><link>${link}</link>` +
    `<guid isPermaLink="false">site${feed}-${item.n}</guid><pubDate>${new Date(item.at).toUTCString()}</pubDate>` +
    `<description><![CDATA[<p>${item.topical ? `${item.topical}: ` : ''}${text}</p>]]></description></item>`
  );
}

export function feedXml(feed: number, items: FeedItem[], builtAt: number, excerpt?: ExcerptOnly): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site ${feed}</title><link>https://site${feed}.example/</link>` +
    `<description>News from site ${feed}</description><lastBuildDate>${new Date(builtAt).toUTCString()}</lastBuildDate>${items.map((i) => itemXml(feed, i, excerpt)).join('')}</channel></rss>`
  );
}

/**
 * An excerpt-only feed's article page as news sites serve them, about `kb` KB: menus and inline state around an
 * article of 12 paragraphs (about 6 KB of text).
 */
/**
 * The labelled full-text set's own lower-case words (no names, no numbers: pages about different things share none, as
 * the scenario's articles are all different stories). Drawn at random, a page's text compresses about as news prose
 * does (2–3×), so the stored page text weighs what it would.
 */
const PROSE_WORDS = [...new Set(LABELLED_ARTICLES.flatMap((a, i) => paragraphsOf(a, i).join(' ').split(/\s+/)).filter((w) => /^\p{Ll}+$/u.test(w)))];

/** `n` words of prose-like text, the same for the same seed. */
export function proseWords(seed: number, n: number): string {
  let state = (seed * 2654435761) % 2147483648 || 1;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, () => PROSE_WORDS[Math.floor(next() * PROSE_WORDS.length)]).join(' ');
}

export function articlePageHtml(feed: number, n: number, kb = 100): string {
  const paragraphs = Array.from({ length: 12 }, (_, i) => `<p>${escapeHtml(proseWords(feed * 31 + n + i * 17, 80))}.</p>`).join('');
  const article = `<article><h1>${words(feed + n * 3, 9)}</h1>${paragraphs}</article>`;
  const menu = (bytes: number) => Array.from({ length: Math.max(0, Math.round(bytes / 45)) }, (_, i) => `<li><a href="/s/${i}">Section ${i}</a></li>`).join('');
  const state = (bytes: number) => `<script>window.__STATE__=${JSON.stringify({ pad: 'x'.repeat(Math.max(0, bytes)) })}</script>`;
  const rest = kb * 1024 - article.length - 400;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Site ${feed}</title>${state(rest * 0.4)}</head><body><header><nav><ul>${menu(rest * 0.5)}</ul></nav></header><main>${article}</main><aside class="most-read"><ul>${menu(rest * 0.1)}</ul></aside><footer>Site ${feed}</footer></body></html>`;
}
