import { decodeHTMLStrict, replaceCodePoint } from 'entities/decode';

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Characters XML 1.0 forbids, which strict parsers reject and nobody means. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function numericRef(codePoint: number): string {
  // replaceCodePoint maps 0x80-0x9F to their windows-1252 characters (HTML5 rule) and invalid ones to U+FFFD.
  const cp = replaceCodePoint(codePoint);
  return `&#x${cp.toString(16)};`;
}

/**
 * Rewrites entity references so a strict XML parser accepts what feed authors meant, as browsers
 * and feedparser's loose mode would read it:
 * - HTML named entities XML does not define (`&nbsp;`, `&hellip;`) become numeric references;
 * - numeric references in 0x80-0x9F are read as windows-1252 (`&#146;` is a right quote);
 * - `&#X41;` (upper-case X) becomes `&#x41;`; an `&` that starts no reference becomes `&amp;`;
 * - entities declared in the document's own DOCTYPE (simple literals only, see doctype-guard)
 *   are replaced by their escaped text, once, never recursively.
 * CDATA sections, comments and processing instructions are left alone.
 */
export function repairEntities(xml: string, declared: ReadonlyMap<string, string> = new Map()): string {
  return xml
    .replace(FORBIDDEN_CHARS, '')
    .replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)|&(?:#([0-9]{1,10})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{0,40}))?(;?)/g, (match, dec?: string, hex?: string, name?: string, semi?: string) => {
      if (match.charCodeAt(0) === 0x3c /* < */) return match;
      if (!semi) return `&amp;${match.slice(1)}`;
      if (dec !== undefined) return numericRef(Number.parseInt(dec, 10));
      if (hex !== undefined) return numericRef(Number.parseInt(hex, 16));
      if (name === undefined) return `&amp;${match.slice(1)}`;
      if (XML_ENTITIES.has(name)) return match;
      const literal = declared.get(name);
      if (literal !== undefined) return escapeXmlText(literal);
      const decoded = decodeHTMLStrict(match);
      if (decoded !== match) return [...decoded].map((ch) => numericRef(ch.codePointAt(0)!)).join('');
      return `&amp;${match.slice(1)}`;
    });
}

export function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
