/**
 * Feed documents for tests: RSS 2.0, Atom 1.0 and JSON Feed 1.1 from the same item fields.
 *
 * Text is escaped for XML, so a title of `A & B <C>` arrives as that title. Characters XML 1.0
 * cannot carry at all (U+0007, lone surrogates) throw: to send bytes a parser must survive, wrap
 * them in `raw()`, which is inserted exactly as written, in any text field, as an item, or as
 * `extra` markup inside a channel, feed, item or entry.
 */

const RAW = Symbol('raw markup');

/** Markup inserted exactly as written: for tests of hostile or malformed input. */
export interface RawMarkup {
  readonly [RAW]: string;
}

export const raw = (markup: string): RawMarkup => ({ [RAW]: markup });

const isRaw = (v: unknown): v is RawMarkup => typeof v === 'object' && v !== null && RAW in v;

export type Text = string | RawMarkup;

export interface FeedItem {
  title?: Text;
  link?: Text;
  /** RSS <guid>, Atom <id>, JSON Feed `id`. */
  id?: Text;
  /** RSS only: the guid's isPermaLink attribute (left out when unset). */
  isPermaLink?: boolean;
  /** A Date is written as each format writes dates (RFC 822 in RSS, RFC 3339 elsewhere); a string as it is. */
  published?: Date | Text;
  /** Atom <updated> and JSON Feed `date_modified`; RSS has no such field. */
  updated?: Date | Text;
  /** RSS <description> and Atom <summary type="html">, both HTML; JSON Feed `summary`, plain text there. */
  description?: Text;
  /** HTML: RSS <content:encoded>, Atom <content type="html">, JSON Feed `content_html`. */
  content?: Text;
  categories?: Text[];
  /** Markup appended inside the <item> or <entry>. */
  extra?: RawMarkup;
  /** JSON Feed only: fields merged into the item last (e.g. a numeric `id`, `author`). */
  json?: Record<string, unknown>;
}

export interface FeedDocument {
  title?: Text;
  /** RSS channel <link>, Atom <link rel="alternate">, JSON Feed `home_page_url`. */
  link?: Text;
  /** RSS channel <description>, Atom <subtitle>, JSON Feed `description`. */
  description?: Text;
  /** Atom only: the feed's <id>. */
  id?: Text;
  /** Atom only: the feed's <updated>. */
  updated?: Date | Text;
  /** RSS only: <ttl> in minutes. */
  ttl?: number;
  /** Prepends `<?xml version="1.0" encoding="utf-8"?>` (XML formats). */
  declaration?: boolean;
  /** Markup appended inside the <channel> or <feed>, before the items. */
  extra?: RawMarkup;
  /** JSON Feed only: fields merged into the top-level object (e.g. another `version`). */
  json?: Record<string, unknown>;
  items?: (FeedItem | RawMarkup)[];
}

// XML 1.0 Char: tab, newline, carriage return, U+0020–U+D7FF, U+E000–U+FFFD and the astral planes (as surrogate pairs).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** Escapes text for XML element content. */
export function escapeXml(text: string): string {
  const bad = NOT_XML_CHAR.exec(text);
  if (bad) throw new Error(`feed-builder: U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} cannot appear in XML 1.0; wrap it in raw() to send it anyway`);
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** Escapes text for a double-quoted XML attribute; whitespace is kept as references, since parsers fold raw tabs and newlines to spaces. */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/["\t\n\r]/g, (c) => ({ '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);
}

const xmlText = (v: Text) => (isRaw(v) ? v[RAW] : escapeXml(v));
const xmlAttribute = (v: Text) => (isRaw(v) ? v[RAW] : escapeXmlAttribute(v));
const element = (name: string, v: Text | undefined, attrs = '') => (v === undefined ? '' : `<${name}${attrs}>${xmlText(v)}</${name}>`);
const dateText = (v: Date | Text | undefined, format: (d: Date) => string): Text | undefined => (v instanceof Date ? format(v) : v);
const rfc822 = (d: Date) => d.toUTCString();
const rfc3339 = (d: Date) => d.toISOString();
const prolog = (doc: FeedDocument) => (doc.declaration ? '<?xml version="1.0" encoding="utf-8"?>' : '');
const itemsOf = (doc: FeedDocument) => doc.items ?? [];

export function rssFeed(doc: FeedDocument): string {
  const usesContent = itemsOf(doc).some((i) => !isRaw(i) && i.content !== undefined);
  const item = (i: FeedItem | RawMarkup) => {
    if (isRaw(i)) return i[RAW];
    const guidAttrs = i.isPermaLink === undefined ? '' : ` isPermaLink="${i.isPermaLink}"`;
    return (
      '<item>' +
      element('title', i.title) +
      element('link', i.link) +
      element('guid', i.id, guidAttrs) +
      element('pubDate', dateText(i.published, rfc822)) +
      element('description', i.description) +
      element('content:encoded', i.content) +
      (i.categories ?? []).map((c) => element('category', c)).join('') +
      (i.extra?.[RAW] ?? '') +
      '</item>'
    );
  };
  return (
    prolog(doc) +
    `<rss version="2.0"${usesContent ? ' xmlns:content="http://purl.org/rss/1.0/modules/content/"' : ''}><channel>` +
    element('title', doc.title) +
    element('link', doc.link) +
    element('description', doc.description) +
    (doc.ttl === undefined ? '' : `<ttl>${doc.ttl}</ttl>`) +
    (doc.extra?.[RAW] ?? '') +
    itemsOf(doc).map(item).join('') +
    '</channel></rss>'
  );
}

export function atomFeed(doc: FeedDocument): string {
  const link = (href: Text | undefined) => (href === undefined ? '' : `<link href="${xmlAttribute(href)}"/>`);
  const entry = (i: FeedItem | RawMarkup) => {
    if (isRaw(i)) return i[RAW];
    return (
      '<entry>' +
      element('id', i.id) +
      element('title', i.title) +
      link(i.link) +
      element('published', dateText(i.published, rfc3339)) +
      element('updated', dateText(i.updated, rfc3339)) +
      element('summary', i.description, ' type="html"') +
      element('content', i.content, ' type="html"') +
      (i.categories ?? []).map((c) => `<category term="${xmlAttribute(c)}"/>`).join('') +
      (i.extra?.[RAW] ?? '') +
      '</entry>'
    );
  };
  return (
    prolog(doc) +
    '<feed xmlns="http://www.w3.org/2005/Atom">' +
    element('id', doc.id) +
    element('title', doc.title) +
    element('subtitle', doc.description) +
    link(doc.link) +
    element('updated', dateText(doc.updated, rfc3339)) +
    (doc.extra?.[RAW] ?? '') +
    itemsOf(doc).map(entry).join('') +
    '</feed>'
  );
}

/** JSON needs no escape hatch beyond `json`: JSON.stringify escapes, and `json` sets any field to anything. */
export function jsonFeed(doc: FeedDocument): string {
  const plain = (v: Date | Text | undefined) => (v === undefined ? undefined : v instanceof Date ? v.toISOString() : isRaw(v) ? v[RAW] : v);
  const item = (i: FeedItem | RawMarkup) => {
    if (isRaw(i)) throw new Error('feed-builder: a raw item has no place in a JSON Feed; use the item’s `json` fields');
    return {
      id: plain(i.id),
      url: plain(i.link),
      title: plain(i.title),
      summary: plain(i.description),
      content_html: plain(i.content),
      date_published: plain(i.published),
      date_modified: plain(i.updated),
      tags: i.categories?.map(plain),
      ...i.json,
    };
  };
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: plain(doc.title),
    home_page_url: plain(doc.link),
    description: plain(doc.description),
    ...doc.json,
    items: itemsOf(doc).map(item),
  });
}
