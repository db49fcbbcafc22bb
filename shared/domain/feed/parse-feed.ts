/**
 * Feed text to our model: rss-parser's `parseString` (a new parser per call, under a deadline)
 * for RSS 0.9x/1.0/2.0 and Atom 0.3/1.0, our own reader for JSON Feed 1.0/1.1, then normalisation
 * (links, dates, entities, plain text, stable ids), and only characters XML 1.0 and SQS accept (clean-feed-text.ts).
 *
 * We read the xml2js tree rss-parser parses into rather than only rss-parser's flattened items:
 * the flattened form loses xml:base, Atom text-construct types, guid isPermaLink, RDF about and
 * namespaced variants, and throws on an invalid Atom date. rss-parser still does the parsing and
 * the format check; when it rejects a tree we can read (an <rss> without version, a namespaced
 * <atom:feed>, one bad date), we read it ourselves rather than lose the feed.
 */
import Parser from 'rss-parser';
import type { ParsedFeed } from '../article.js';
import { assignIds } from './assign-ids.js';
import { cleanFeedText } from './clean-feed-text.js';
import { isJsonMediaType, parseContentType, xmlMediaTypeFamily } from './content-type.js';
import { FeedParseError } from './feed-parse-error.js';
import { normaliseJsonFeed } from './json-feed.js';
import { normaliseXmlTree, type RawFeed } from './normalise-xml.js';
import { prepareXml } from './prepare-xml.js';
import type { XNode } from './xml-tree.js';

export { FeedParseError } from './feed-parse-error.js';
export type { FeedParseReason } from './feed-parse-error.js';

export interface ParseFeedOptions {
  /** The URL the feed was fetched from (after redirects): the base for relative links, the scope of opaque GUIDs. */
  feedUrl: string;
  contentType?: string;
  /** Give up after this long (default 5000 ms). */
  deadlineMs?: number;
  /** The HTTP Content-Location header, which overrides the document URL as base. */
  contentLocation?: string;
  /** Refuse documents longer than this many characters (default 20 million). */
  maxChars?: number;
}

const DEFAULT_DEADLINE_MS = 5000;
const DEFAULT_MAX_CHARS = 20_000_000;

type Tree = Record<string, XNode>;

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}

/** One xml2js parse through rss-parser; resolves with the tree even when rss-parser's builder rejects it. */
function parseXml(xml: string, strict: boolean): Promise<{ tree?: Tree; rssParserError?: unknown; xmlError?: unknown }> {
  // Loose mode (sax non-strict) upper-cases names; normalizeTags lower-cases tags back, attribute lookups ignore case.
  const parser = new Parser({ defaultRSS: 2, ...(strict ? {} : { xml2js: { strict: false, normalizeTags: true } }) });
  const xmlParser = (parser as unknown as { xmlParser: { parseString: (xml: string, cb: (err: unknown, result: unknown) => void) => unknown } }).xmlParser;
  const original = xmlParser.parseString.bind(xmlParser);
  let tree: Tree | undefined;
  let xmlError: unknown;
  xmlParser.parseString = (input, cb) =>
    original(input, (err, result) => {
      if (err) xmlError ??= err;
      else if (result && typeof result === 'object') tree = result as Tree;
      cb(err, result);
    });
  return parser.parseString(xml).then(
    () => ({ tree }),
    (rssParserError: unknown) => (tree ? { tree, rssParserError } : { xmlError: xmlError ?? rssParserError }),
  );
}

function looksLikeJson(text: string, contentType: string | undefined): boolean {
  return isJsonMediaType(parseContentType(contentType)?.mediaType) || /^\s*[{[]/.test(text);
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

async function parseUnbounded(text: string, opts: ParseFeedOptions): Promise<ParsedFeed> {
  if (!text.trim()) throw new FeedParseError('empty', 'the document is empty');
  if (text.length > (opts.maxChars ?? DEFAULT_MAX_CHARS)) throw new FeedParseError('too-large', `the document has ${text.length} characters`);
  let raw: RawFeed;
  const warnings: string[] = [];
  const mediaType = parseContentType(opts.contentType)?.mediaType;
  if (mediaType && xmlMediaTypeFamily(mediaType) === 'other' && !isJsonMediaType(mediaType)) warnings.push(`served as ${mediaType}, not as a feed or XML type`);
  if (looksLikeJson(text, opts.contentType)) {
    raw = normaliseJsonFeed(text.replace(/^\uFEFF/, ''), opts.feedUrl);
  } else {
    const xml = prepareXml(text);
    if (!xml.startsWith('<')) throw new FeedParseError('not-a-feed', 'the document is not XML or JSON');
    const strict = await parseXml(xml, true);
    let tree = strict.tree;
    const xmlError = strict.xmlError;
    if (!tree) {
      // Not well-formed (a truncated end tag, a stray character): read it as a lenient reader would, once.
      ({ tree } = await parseXml(xml.replace(/<\/?[A-Za-z][^<>]*$/, (tag) => `${tag}>`), false));
      if (!tree) throw new FeedParseError('malformed', `not well-formed XML: ${firstLine(xmlError)}`);
      warnings.push(`not well-formed XML, read leniently: ${firstLine(xmlError)}`);
    }
    raw = normaliseXmlTree(tree, opts.feedUrl, opts.contentLocation);
  }
  const scope = hostOf(raw.feed.link) ?? hostOf(opts.feedUrl) ?? opts.feedUrl;
  // Cleaned last: ids come from the text as the feed wrote it (no article's id changes), and a truncation that
  // cut a surrogate pair in half leaves nothing behind.
  return cleanFeedText({ format: raw.format, feed: raw.feed, items: assignIds(raw.entries, scope), ...(warnings.length ? { warnings } : {}) });
}

/**
 * Parses and normalises a feed. Rejects with `FeedParseError` (never anything else) when the text
 * is not a feed, is malformed beyond recovery, declares entities, is too large or takes too long.
 */
export function parseFeed(text: string, opts: ParseFeedOptions): Promise<ParsedFeed> {
  const work = parseUnbounded(text, opts).catch((error: unknown) => {
    if (error instanceof FeedParseError) throw error;
    throw new FeedParseError('malformed', firstLine(error));
  });
  return withDeadline(work, opts.deadlineMs ?? DEFAULT_DEADLINE_MS);
}

/** Settles like `work`, or rejects with FeedParseError('timeout') when `work` has not settled within `ms`. */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FeedParseError('timeout', `parsing took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
