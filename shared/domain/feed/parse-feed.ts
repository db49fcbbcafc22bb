/**
 * Feed text to our model: our XML reader (xml-reader.ts) for RSS 0.9x/1.0/2.0 and Atom 0.3/1.0, JSON.parse for
 * JSON Feed 1.0/1.1, then normalisation (links, dates, entities, plain text, stable ids), within the limits of
 * feed-limits.ts, and only characters XML 1.0 and SQS accept (clean-feed-text.ts).
 *
 * Every pass is linear in the length of the document, whatever it holds. That bounds the work; the time and memory
 * a parse may take are bounded where it runs (a worker thread, see shared/adapters/worker-threads/).
 */
import type { FeedLimitHit, ParsedFeed } from '../article.js';
import { assignIds } from './assign-ids.js';
import { cleanFeedText } from './clean-feed-text.js';
import { isJsonMediaType, parseContentType, xmlMediaTypeFamily } from './content-type.js';
import { DEFAULT_FEED_LIMITS, FIELD_LIMITS, type FeedLimits } from './feed-limits.js';
import { FeedParseError } from './feed-parse-error.js';
import { normaliseJsonFeed } from './json-feed.js';
import { exceedsIdentityLimits, limitFeedFields } from './limit-fields.js';
import { normaliseXmlTree, type RawFeed } from './normalise-xml.js';
import { prepareXml } from './prepare-xml.js';
import { readXml } from './xml-reader.js';

export { FeedParseError } from './feed-parse-error.js';
export type { FeedParseReason } from './feed-parse-error.js';

export interface ParseFeedOptions extends Partial<FeedLimits> {
  /** The URL the feed was fetched from (after redirects): the base for relative links, the scope of opaque GUIDs. */
  feedUrl: string;
  contentType?: string;
  /** The HTTP Content-Location header, which overrides the document URL as base. */
  contentLocation?: string;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
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

function readXmlFeed(text: string, opts: ParseFeedOptions, limits: FeedLimits, warnings: string[]): RawFeed {
  const { xml, entities } = prepareXml(text);
  if (!xml.startsWith('<')) throw new FeedParseError('not-a-feed', 'the document is not XML or JSON');
  const document = readXml(xml, { entities, maxChars: limits.maxChars, maxDepth: limits.maxDepth });
  if (!document.tree) throw new FeedParseError('malformed', document.error ? `not well-formed XML: ${document.error}` : 'the document has no root element');
  if (document.error) warnings.push(`not well-formed XML, read leniently: ${document.error}`);
  return normaliseXmlTree(document.tree, opts.feedUrl, opts.contentLocation, limits.maxItems);
}

function parseWithinLimits(text: string, opts: ParseFeedOptions): ParsedFeed {
  const limits: FeedLimits = { ...DEFAULT_FEED_LIMITS, ...definedLimits(opts) };
  if (!text.trim()) throw new FeedParseError('empty', 'the document is empty');
  if (text.length > limits.maxChars) throw new FeedParseError('too-large', `the document has ${text.length} characters; the limit is ${limits.maxChars}`);
  const warnings: string[] = [];
  const limitsHit: FeedLimitHit[] = [];
  const mediaType = parseContentType(opts.contentType)?.mediaType;
  if (mediaType && xmlMediaTypeFamily(mediaType) === 'other' && !isJsonMediaType(mediaType)) warnings.push(`served as ${mediaType}, not as a feed or XML type`);
  const raw = looksLikeJson(text, opts.contentType) ? normaliseJsonFeed(text.replace(/^\uFEFF/, ''), opts.feedUrl, limits.maxItems) : readXmlFeed(text, opts, limits, warnings);
  if (raw.itemCount > raw.entries.length) {
    limitsHit.push({ status: 'too-many-items', message: `kept the newest ${raw.entries.length} of ${raw.itemCount} items (the limit is ${limits.maxItems} items per feed)` });
  }
  const entries = raw.entries.filter((e) => !exceedsIdentityLimits(e));
  if (entries.length < raw.entries.length) {
    const refused = raw.entries.length - entries.length;
    limitsHit.push({ status: 'item-too-large', message: `refused ${refused} item${refused > 1 ? 's' : ''} with a link or id over ${FIELD_LIMITS.link} characters (the link and id limit)` });
  }
  const feed = limitFeedFields(raw.feed);
  const scope = hostOf(feed.link) ?? hostOf(opts.feedUrl) ?? opts.feedUrl;
  warnings.push(...limitsHit.map((l) => l.message));
  // Cleaned last: ids come from the text as the feed wrote it (no article's id changes), and a truncation that
  // cut a surrogate pair in half leaves nothing behind.
  return cleanFeedText({
    format: raw.format,
    feed,
    items: assignIds(entries, scope),
    ...(warnings.length ? { warnings } : {}),
    ...(limitsHit.length ? { limitsHit } : {}),
  });
}

function definedLimits(opts: ParseFeedOptions): Partial<FeedLimits> {
  const out: Partial<FeedLimits> = {};
  if (opts.maxChars !== undefined) out.maxChars = opts.maxChars;
  if (opts.maxItems !== undefined) out.maxItems = opts.maxItems;
  if (opts.maxDepth !== undefined) out.maxDepth = opts.maxDepth;
  return out;
}

/**
 * Parses and normalises a feed, synchronously. Throws `FeedParseError` (never anything else) when the text is not a
 * feed, is malformed beyond recovery, declares entities, or is over a limit.
 */
export function parseFeedText(text: string, opts: ParseFeedOptions): ParsedFeed {
  try {
    return parseWithinLimits(text, opts);
  } catch (error) {
    if (error instanceof FeedParseError) throw error;
    throw new FeedParseError('malformed', firstLine(error));
  }
}

/** parseFeedText for callers that await it. */
export async function parseFeed(text: string, opts: ParseFeedOptions): Promise<ParsedFeed> {
  return parseFeedText(text, opts);
}
