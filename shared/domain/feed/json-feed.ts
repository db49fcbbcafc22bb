import { parseFeedDate } from './dates.js';
import { FIELD_LIMITS } from './feed-limits.js';
import { FeedParseError } from './feed-parse-error.js';
import { htmlToText, plainText } from './html-to-text.js';
import { resolveLink } from './links.js';
import { newestItems } from './newest-items.js';
import type { RawEntry, RawFeed } from './normalise-xml.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** A field's markup or text, as far as FIELD_LIMITS.markup reads it. */
const field = (v: unknown): string | undefined => str(v)?.slice(0, FIELD_LIMITS.markup);
const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function authorName(item: Record<string, unknown>): string | undefined {
  const authors = Array.isArray(item.authors) ? item.authors : item.author ? [item.author] : [];
  const names = authors.map((a) => str(obj(a)?.name)?.trim()).filter((n): n is string => !!n);
  return names.length ? names.join(', ') : undefined;
}

/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), keeping the newest `maxItems` items. */
export function normaliseJsonFeed(text: string, feedUrl: string, maxItems = Number.POSITIVE_INFINITY): RawFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError('malformed', `invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const feed = obj(doc);
  const version = str(feed?.version);
  if (!feed || !version || !/^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/.test(version)) {
    throw new FeedParseError('not-a-feed', 'JSON document is not a JSON Feed (no jsonfeed.org version)');
  }
  if (!Array.isArray(feed.items)) throw new FeedParseError('malformed', 'JSON Feed has no items array');
  const base = resolveLink(str(feed.feed_url), feedUrl) ?? feedUrl;
  const items = feed.items.map(obj).filter((i): i is Record<string, unknown> => !!i);
  const dated = items.map((item) => ({ item, published: parseFeedDate(str(item.date_published)) ?? parseFeedDate(str(item.date_modified)) }));
  const entries: RawEntry[] = newestItems(dated, maxItems).map(({ item, published }) => {
    const rawId = typeof item.id === 'number' ? String(item.id) : str(item.id)?.trim();
    const link = resolveLink(str(item.url), base) ?? resolveLink(str(item.external_url), base);
    const summaryText = field(item.summary) ? plainText(field(item.summary)!) : '';
    const content = field(item.content_html) ? htmlToText(field(item.content_html)!) : plainText(field(item.content_text) ?? '');
    const author = authorName(item) ?? authorName(feed);
    return {
      title: plainText(field(item.title) ?? ''),
      ...(link ? { link } : {}),
      summary: summaryText || content,
      ...(content && content !== summaryText ? { content } : {}),
      ...(published ? { published } : {}),
      ...(author ? { author } : {}),
      ...(rawId ? { guid: rawId } : {}),
      fingerprint: `${str(item.content_html) ?? ''}\n${str(item.content_text) ?? ''}\n${str(item.image) ?? ''}`.trim(),
    };
  });
  const link = resolveLink(str(feed.home_page_url), base);
  const description = plainText(field(feed.description) ?? '');
  // JSON Feed 1.1 `hubs`: [{ type: "WebSub", url }] (types compare case-insensitively).
  const hubEntry = (Array.isArray(feed.hubs) ? feed.hubs : []).map(obj).find((h) => str(h?.type)?.toLowerCase() === 'websub');
  const hub = resolveLink(str(hubEntry?.url), base);
  const self = resolveLink(str(feed.feed_url), feedUrl);
  return {
    format: 'json',
    feed: { title: plainText(field(feed.title) ?? ''), ...(link ? { link } : {}), ...(description ? { description } : {}), ...(hub ? { hub } : {}), ...(hub && self ? { self } : {}) },
    entries,
    itemCount: items.length,
  };
}
