import { decodeHTMLStrict, replaceCodePoint } from 'entities/decode';
import { isXmlChars } from '../text/xml-chars.js';

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// Bounded quantifiers only: each match is at most 44 characters long.
const REFERENCE = /&(?:#([0-9]{1,10})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{0,40}))?(;?)/g;

function codePoint(n: number): string {
  // replaceCodePoint maps 0x80-0x9F to their windows-1252 characters (HTML5 rule) and invalid ones to U+FFFD.
  const ch = String.fromCodePoint(replaceCodePoint(n));
  // A reference to a character XML 1.0 forbids (`&#x1;`, `&#xFFFE;`) means nothing.
  return isXmlChars(ch) ? ch : '';
}

/** Characters a document's references may add beyond their own length before it counts as too large. */
export interface ExpansionBudget {
  remaining: number;
}

/**
 * The text of XML character data or an attribute value with its references resolved, as browsers and feedparser's
 * loose mode read what feed authors meant:
 * - the five XML entities, decimal and hex references (`&#X41;` too); references in 0x80-0x9F are windows-1252,
 *   references to characters XML 1.0 forbids are dropped;
 * - HTML named entities XML does not define (`&nbsp;`, `&hellip;`);
 * - entities the document's DOCTYPE declared (simple literals, see doctype-guard.ts), once, never recursively;
 * - anything else (`AT&T`, `&bogus;`, `&` without `;`) stays as written.
 * Growth beyond the references' own length is charged to `budget`; undefined when it runs out.
 */
export function resolveReferences(raw: string, declared: ReadonlyMap<string, string>, budget: ExpansionBudget): string | undefined {
  if (!raw.includes('&')) return raw;
  let out = '';
  let copied = 0;
  REFERENCE.lastIndex = 0;
  for (let m = REFERENCE.exec(raw); m; m = REFERENCE.exec(raw)) {
    const [match, dec, hex, name, semi] = m;
    if (!semi || (dec === undefined && hex === undefined && name === undefined)) continue;
    let value: string;
    if (dec !== undefined) value = codePoint(Number.parseInt(dec, 10));
    else if (hex !== undefined) value = codePoint(Number.parseInt(hex, 16));
    else if (XML_ENTITIES[name!] !== undefined) value = XML_ENTITIES[name!]!;
    else if (declared.has(name!)) value = declared.get(name!)!;
    else {
      const decoded = decodeHTMLStrict(match);
      if (decoded === match) continue;
      value = [...decoded].map((ch) => codePoint(ch.codePointAt(0)!)).join('');
    }
    budget.remaining -= Math.max(0, value.length - match.length);
    if (budget.remaining < 0) return undefined;
    out += raw.slice(copied, m.index) + value;
    copied = m.index + match.length;
  }
  return copied === 0 ? raw : out + raw.slice(copied);
}
