import type { ParsedFeed } from '../article.js';
import { keepXmlChars } from '../text/xml-chars.js';

function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return keepXmlChars(value) as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanStrings(v)])) as T;
  return value;
}

/**
 * The parsed feed with every string, at any depth (titles, summaries, content, links, authors, GUIDs, the
 * feed's own title and description, warnings), reduced to the characters XML 1.0 and SQS accept. This is where
 * feed text enters the domain: articles, match snippets, queue messages, alerts and feeds out all derive from it.
 * Numeric references (`&#xFFFE;`), JSON escapes (`\u0001`, lone `\uD800`) and base64 content decode to such
 * characters after the document itself was cleaned, so the parsed values are cleaned, not the input.
 */
export function cleanFeedText(parsed: ParsedFeed): ParsedFeed {
  return cleanStrings(parsed);
}
