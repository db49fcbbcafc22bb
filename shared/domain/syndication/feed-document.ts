import type { MatchedTerm } from '../topic.js';
import type { FeedKeys } from './feed-paths.js';
import { termLabel } from '../topics/term-label.js';
import type { Article } from '../article.js';
import { asCoverage, firstSeenOrder, otherCoverage } from '../story.js';
import type { CombinedFeedItem, CoverageArticle, FeedDocument, FeedDocumentItem, ShownTerm } from './model.js';
import { articleUrn, storyUrn } from './stable-id.js';
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

/** The articles of one story in a feed: the first seen leads the item, the others are listed as its coverage. */
interface StoryGroup {
  lead: Article;
  storyId?: string;
  matches: CombinedFeedItem['matches'];
  coverage: Map<string, CoverageArticle>;
}


/** One group per story (an article without a story is one of its own), its matches and coverage merged. */
function groupByStory(items: CombinedFeedItem[]): StoryGroup[] {
  const groups = new Map<string, StoryGroup>();
  for (const item of items) {
    const key = item.article.storyId ?? `article:${item.article.id}`;
    const group: StoryGroup = groups.get(key) ?? { lead: item.article, ...(item.article.storyId ? { storyId: item.article.storyId } : {}), matches: [], coverage: new Map() };
    if (firstSeenOrder(item.article, group.lead) < 0) group.lead = item.article;
    group.matches.push(...item.matches);
    group.coverage.set(item.article.id, asCoverage(item.article));
    for (const member of item.coverage ?? []) if (!group.coverage.has(member.articleId)) group.coverage.set(member.articleId, member);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Builds the format-neutral feed: one item per story (its first-seen article leads; the others are "also reported
 * by"), newest first by when the lead was published (then matched, then by id), so a reader sees them in news order
 * and output is stable. Articles matched in one poll share a match time; their publication times tell them apart.
 */
export function feedDocument(input: FeedDocumentInput): FeedDocument {
  const items = groupByStory(input.items)
    .map((group) => {
      const doc = documentItem(group, input.showTopicNames, input.emptyUpdated);
      return { doc, newsTime: newsTime(group.lead, doc.date) };
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

/** At most this many other articles are listed under an item. */
const MAX_ALSO_REPORTED = 20;

function documentItem(group: StoryGroup, showTopicNames: boolean, fallback: Date): FeedDocumentItem {
  const article = group.lead;
  const matches = mergeTopics(group.matches)
    .map((m) => ({ topicId: m.topic.id, topicName: cleanLine(m.topic.name), matchedAt: parseDate(m.matchedAt), terms: uniqueTerms(m.terms) }))
    .sort((a, b) => (a.topicId < b.topicId ? -1 : a.topicId > b.topicId ? 1 : 0));
  const others = otherCoverage(article, group.coverage.values());
  // The item is updated whenever its story is: a new match, or new coverage.
  const dates = [...matches.flatMap((m) => (m.matchedAt ? [m.matchedAt.getTime()] : [])), ...others.flatMap((m) => (parseDate(m.firstSeen) ? [parseDate(m.firstSeen)!.getTime()] : []))];
  const date = dates.length ? new Date(Math.max(...dates)) : (parseDate(article.firstSeen) ?? fallback);
  const alsoReportedBy = others.slice(0, MAX_ALSO_REPORTED).map((m) => {
    const link = safeHttpUrl(m.link);
    return { title: cleanLine(m.title) || '(untitled)', source: cleanLine(m.sourceTitle) || m.feedId, ...(link ? { link } : {}) };
  });
  const published = article.published ? parseDate(article.published) : undefined;
  const link = safeHttpUrl(article.link);
  const title = cleanLine(article.title) || '(untitled)';
  const source = cleanLine(article.sourceTitle) || article.feedId;
  const author = article.author ? cleanLine(article.author) : '';
  const summary = cleanText(article.summary).trim();
  const categories = [...new Set(matches.flatMap((m) => [...(showTopicNames ? [m.topicName] : []), ...m.terms.map((t) => t.term)]))].filter(Boolean);
  const shownMatches = matches.map(({ topicId, topicName, terms }) => ({ topicId, topicName, terms }));
  return {
    id: group.storyId ? storyUrn(group.storyId) : articleUrn(article.id),
    title,
    ...(link ? { link } : {}),
    date,
    ...(published ? { published } : {}),
    ...(author ? { author } : {}),
    source,
    summary,
    contentHtml: contentHtml({ summary, source, published, author, link, matches: shownMatches, showTopicNames, alsoReportedBy }),
    categories,
    matches: shownMatches,
    alsoReportedBy,
  };
}

/** A topic matched by several articles of the story once: its newest match time, the terms of all. */
function mergeTopics(matches: CombinedFeedItem['matches']): CombinedFeedItem['matches'] {
  const byTopic = new Map<string, CombinedFeedItem['matches'][number]>();
  for (const m of matches) {
    const seen = byTopic.get(m.topic.id);
    if (!seen) byTopic.set(m.topic.id, { ...m, terms: [...m.terms] });
    else byTopic.set(m.topic.id, { topic: seen.topic, matchedAt: seen.matchedAt > m.matchedAt ? seen.matchedAt : m.matchedAt, terms: [...seen.terms, ...m.terms] });
  }
  return [...byTopic.values()];
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
  alsoReportedBy: FeedDocumentItem['alsoReportedBy'];
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
  if (p.alsoReportedBy.length) {
    const others = p.alsoReportedBy.map((o) => `<li>${o.link ? `<a href="${escapeMarkup(o.link)}">${escapeMarkup(o.source)}</a>` : escapeMarkup(o.source)}: ${escapeMarkup(o.title)}</li>`);
    parts.push(`<p>Also reported by:</p><ul>${others.join('')}</ul>`);
  }
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
