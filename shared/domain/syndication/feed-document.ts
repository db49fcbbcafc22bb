import type { MatchedTerm } from '../topic.js';
import type { FeedKeys } from './feed-paths.js';
import { termLabel } from '../topics/term-label.js';
import type { CombinedFeedItem, FeedDocument, FeedDocumentItem, ShownTerm } from './model.js';
import { articleUrn } from './stable-id.js';
import { cleanLine, cleanText, escapeMarkup } from './text.js';

export interface FeedDocumentInput {
  id: string;
  title: string;
  description: string;
  homeUrl: string;
  selfUrls: FeedKeys;
  hubUrl?: string;
  items: CombinedFeedItem[];
  /** Name the topic beside each term (combined feeds). */
  showTopicNames: boolean;
  /** `updated` of a feed with no items: there is no newest item to take it from. */
  emptyUpdated: Date;
}

/**
 * Builds the format-neutral feed: items merged by article, newest first by when the article was published (then
 * matched, then by id), so a reader sees them in news order and output is stable. Articles matched in one poll
 * share a match time; their publication times tell them apart.
 */
export function feedDocument(input: FeedDocumentInput): FeedDocument {
  const byArticle = new Map<string, CombinedFeedItem>();
  for (const item of input.items) {
    const seen = byArticle.get(item.article.id);
    if (seen) seen.matches.push(...item.matches);
    else byArticle.set(item.article.id, { article: item.article, matches: [...item.matches] });
  }
  const items = [...byArticle.values()]
    .map((item) => {
      const doc = documentItem(item, input.showTopicNames, input.emptyUpdated);
      return { doc, newsTime: newsTime(item.article, doc.date) };
    })
    .sort((a, b) => b.newsTime - a.newsTime || b.doc.date.getTime() - a.doc.date.getTime() || (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0))
    .map(({ doc }) => doc);
  const newestMatch = items.reduce<Date | undefined>((newest, item) => (newest && newest >= item.date ? newest : item.date), undefined);
  return {
    id: input.id,
    title: cleanLine(input.title),
    description: cleanLine(input.description),
    homeUrl: input.homeUrl,
    selfUrls: input.selfUrls,
    ...(input.hubUrl ? { hubUrl: input.hubUrl } : {}),
    updated: newestMatch ?? input.emptyUpdated,
    items,
  };
}

/** When the article was published, else first seen; never later than it was matched (a feed's future date would pin it on top). */
function newsTime(article: CombinedFeedItem['article'], matched: Date): number {
  const at = (parseDate(article.published) ?? parseDate(article.firstSeen))?.getTime();
  return at === undefined ? matched.getTime() : Math.min(at, matched.getTime());
}

function documentItem(item: CombinedFeedItem, showTopicNames: boolean, fallback: Date): FeedDocumentItem {
  const { article } = item;
  const matches = item.matches
    .map((m) => ({ topicId: m.topic.id, topicName: cleanLine(m.topic.name), matchedAt: parseDate(m.matchedAt), terms: uniqueTerms(m.terms) }))
    .sort((a, b) => (a.topicId < b.topicId ? -1 : a.topicId > b.topicId ? 1 : 0));
  const matchDates = matches.flatMap((m) => (m.matchedAt ? [m.matchedAt.getTime()] : []));
  const date = matchDates.length ? new Date(Math.max(...matchDates)) : (parseDate(article.firstSeen) ?? fallback);
  const published = article.published ? parseDate(article.published) : undefined;
  const link = safeHttpUrl(article.link);
  const title = cleanLine(article.title) || '(untitled)';
  const source = cleanLine(article.sourceTitle) || article.feedId;
  const author = article.author ? cleanLine(article.author) : '';
  const summary = cleanText(article.summary).trim();
  const categories = [...new Set(matches.flatMap((m) => [...(showTopicNames ? [m.topicName] : []), ...m.terms.map((t) => t.term)]))].filter(Boolean);
  const shownMatches = matches.map(({ topicId, topicName, terms }) => ({ topicId, topicName, terms }));
  return {
    id: articleUrn(article.id),
    title,
    ...(link ? { link } : {}),
    date,
    ...(published ? { published } : {}),
    ...(author ? { author } : {}),
    source,
    summary,
    contentHtml: contentHtml({ summary, source, published, author, link, matches: shownMatches, showTopicNames }),
    categories,
    matches: shownMatches,
  };
}

/** Terms as words (not query syntax), each (words, field) once; `query` keeps how the topic wrote it, when that differs. */
function uniqueTerms(terms: MatchedTerm[]): ShownTerm[] {
  const seen = new Set<string>();
  const out: ShownTerm[] = [];
  for (const t of terms) {
    const query = cleanLine(t.term);
    const term: ShownTerm = { term: cleanLine(termLabel(t)), field: t.field, snippet: cleanLine(t.snippet) };
    if (query && query !== term.term) term.query = query;
    const key = `${term.term}\u0000${term.field}`;
    if (!term.term || seen.has(key)) continue;
    seen.add(key);
    out.push(term);
  }
  return out;
}

function contentHtml(p: {
  summary: string;
  source: string;
  published: Date | undefined;
  author: string;
  link: string | undefined;
  matches: FeedDocumentItem['matches'];
  showTopicNames: boolean;
}): string {
  const parts: string[] = [];
  for (const paragraph of p.summary.split(/\n{2,}/)) {
    if (paragraph.trim()) parts.push(`<p>${escapeMarkup(paragraph.trim()).replace(/\n/g, '<br>')}</p>`);
  }
  const meta = [`Source: ${escapeMarkup(p.source)}`];
  if (p.published) meta.push(`Published <time datetime="${p.published.toISOString()}">${humanUtc(p.published)}</time>`);
  if (p.author) meta.push(`By ${escapeMarkup(p.author)}`);
  parts.push(`<p>${meta.join(' · ')}</p>`);
  const lines = p.matches.flatMap((m) =>
    m.terms.map((t) => {
      const topic = p.showTopicNames ? `${escapeMarkup(m.topicName)}: ` : '';
      const snippet = t.snippet ? ` — “${escapeMarkup(t.snippet)}”` : '';
      return `<li>${topic}<strong>${escapeMarkup(t.term)}</strong> in ${t.field}${snippet}</li>`;
    }),
  );
  if (lines.length) parts.push(`<p>Matched terms:</p><ul>${lines.join('')}</ul>`);
  if (p.link) parts.push(`<p><a href="${escapeMarkup(p.link)}">Read the original</a></p>`);
  return parts.join('\n');
}

const humanUtc = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Absolute http(s) URL without credentials, normalised; anything else (javascript:, relative, junk) is dropped. */
export function safeHttpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  // Controls and whitespace inside a URL are how scheme filters are bypassed.
  // eslint-disable-next-line no-control-regex -- see above
  if (/[\u0000-\u0020\u007f-\u009f]/.test(raw.trim())) return undefined;
  try {
    const url = new URL(raw.trim());
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}
