/**
 * The neutral view of one alert (or one digest entry) that the email, Telegram and webhook renderers share.
 * Built from an Article (plain text) and the topics it matched; links already checked.
 */
import type { Article } from '../article.js';
import type { CoverageArticle } from '../story.js';
import type { MatchedTerm, Topic } from '../topic.js';
import { termLabel } from '../topics/term-label.js';
import { oneLine, safeHttpUrl, stripControls, truncate } from './escape.js';

export interface AlertMatchView {
  topicId: string;
  topicName: string;
  /** Distinct matched terms as words, not query syntax, e.g. ['CSTO', 'Collective Security Treaty Organization', 'Карабаха']. */
  terms: string[];
  /** One snippet of context for the first match, plain text; one from the article's page says so ("article page, paragraph 9: …"). */
  snippet?: string;
}

export interface AlertView {
  articleId: string;
  title: string;
  /** Absolute http(s) URL, or undefined when the article had none or an unsafe one. */
  link?: string;
  source: string;
  /** Human time in the subscriber's time zone, e.g. "3 Mar 2025, 14:05 (Europe/Berlin)". */
  when?: string;
  /** ISO 8601 UTC of publication (or first seen). */
  publishedIso: string;
  summary: string;
  matches: AlertMatchView[];
  /** The story's other coverage (digests), first seen first; links already checked. */
  alsoReportedBy?: { title: string; source: string; link?: string }[];
}

/** At most this many other articles of a story are listed under a digest entry. */
export const ALSO_REPORTED_MAX = 10;

export const TITLE_MAX = 300;
export const SUMMARY_MAX = 600;
export const SNIPPET_MAX = 200;

const formats = new Map<string, { zone: string; fmt: Intl.DateTimeFormat }>();

function formatFor(timeZone: string): { zone: string; fmt: Intl.DateTimeFormat } {
  let f = formats.get(timeZone);
  if (!f) {
    try {
      f = { zone: timeZone, fmt: new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }) };
    } catch {
      f = { zone: 'UTC', fmt: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }) };
    }
    if (formats.size < 1000) formats.set(timeZone, f);
  }
  return f;
}

export function formatWhen(iso: string | undefined, timeZone: string): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const { zone, fmt } = formatFor(timeZone);
  return `${fmt.format(date)} (${zone})`;
}

export function buildAlertView(
  article: Article,
  matches: { topicId: string; terms: MatchedTerm[] }[],
  topics: readonly Pick<Topic, 'id' | 'name'>[],
  timeZone: string,
  coverage: readonly CoverageArticle[] = [],
): AlertView {
  const names = new Map(topics.map((t) => [t.id, t.name]));
  const published = article.published ?? article.firstSeen;
  return {
    articleId: article.id,
    title: truncate(oneLine(article.title) || '(untitled)', TITLE_MAX),
    ...(safeHttpUrl(article.link) ? { link: safeHttpUrl(article.link)! } : {}),
    source: truncate(oneLine(article.sourceTitle) || 'unknown source', 120),
    ...(formatWhen(published, timeZone) ? { when: formatWhen(published, timeZone)! } : {}),
    publishedIso: published,
    ...(coverage.length
      ? {
          alsoReportedBy: coverage.slice(0, ALSO_REPORTED_MAX).map((c) => ({
            title: truncate(oneLine(c.title) || '(untitled)', TITLE_MAX),
            source: truncate(oneLine(c.sourceTitle) || c.feedId, 120),
            ...(safeHttpUrl(c.link) ? { link: safeHttpUrl(c.link)! } : {}),
          })),
        }
      : {}),
    summary: truncate(stripControls(article.summary).replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim(), SUMMARY_MAX),
    matches: matches.map((m) => {
      const terms = [...new Set(m.terms.map((t) => oneLine(termLabel(t))).filter(Boolean))];
      const first = m.terms.find((t) => oneLine(t.snippet));
      // A term the feed's excerpt lacks was found in the page (full text): where, since the reader's excerpt will not show it.
      const snippet = first && `${first.source === 'page' && first.paragraph ? `article page, paragraph ${first.paragraph}: ` : ''}${oneLine(first.snippet)}`;
      return {
        topicId: m.topicId,
        topicName: oneLine(names.get(m.topicId) ?? m.topicId),
        terms,
        ...(snippet ? { snippet: truncate(snippet, SNIPPET_MAX) } : {}),
      };
    }),
  };
}
