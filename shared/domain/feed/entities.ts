import { decodeHTMLStrict, replaceCodePoint } from 'entities/decode';
import { isXmlChars, keepXmlChars } from '../text/xml-chars.js';

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function numericRef(codePoint: number): string {
  // replaceCodePoint maps 0x80-0x9F to their windows-1252 characters (HTML5 rule) and invalid ones to U+FFFD.
  const cp = replaceCodePoint(codePoint);
  // A strict parser rejects a reference to a character XML 1.0 forbids (`&#x1;`, `&#xFFFE;`), and nobody means one.
  if (!isXmlChars(String.fromCodePoint(cp))) return '';
  return `&#x${cp.toString(16)};`;
}

/**
 * Rewrites entity references so a strict XML parser accepts what feed authors meant, as browsers
 * and feedparser's loose mode would read it:
 * - HTML named entities XML does not define (`&nbsp;`, `&hellip;`) become numeric references;
 * - numeric references in 0x80-0x9F are read as windows-1252 (`&#146;` is a right quote);
 * - numeric references to characters XML 1.0 forbids (`&#x1;`, `&#xFFFE;`) are dropped;
 * - `&#X41;` (upper-case X) becomes `&#x41;`; an `&` that starts no reference becomes `&amp;`;
 * - entities declared in the document's own DOCTYPE (simple literals only, see doctype-guard)
 *   are replaced by their escaped text, once, never recursively.
 * CDATA sections, comments and processing instructions are left alone.
 */
export function repairEntities(xml: string, declared: ReadonlyMap<string, string> = new Map()): string {
  // Characters XML 1.0 forbids: strict parsers reject them, and nobody means them.
  return keepXmlChars(xml)
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

const CP1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Raw C1 control characters (U+0080-U+009F) are windows-1252 punctuation mislabelled; nobody means the controls. */
export function demoroniseC1(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}

const CP1252_BYTE = new Map<string, number>([...CP1252_C1].map((c, i) => [c, 0x80 + i]));
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Repairs UTF-8 that was decoded as windows-1252/latin-1 somewhere upstream ("â€¦" for "…"):
 * only runs of characters that re-encode to a complete, valid UTF-8 sequence are replaced.
 */
export function fixMojibake(text: string): string {
  if (!/[\u00c2-\u00f4]/.test(text)) return text;
  return text.replace(/[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]{1,3}/g, (run) => {
    const bytes = [...run].map((c) => CP1252_BYTE.get(c) ?? c.charCodeAt(0));
    if (bytes.some((b) => b > 0xff)) return run;
    try {
      const decoded = strictUtf8.decode(new Uint8Array(bytes));
      return [...decoded].length === 1 ? decoded : run;
    } catch {
      return run;
    }
  });
}

export function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
