import { decodeHTML } from 'entities';
import { fixMojibake } from './entities.js';

/** Elements whose content is never text a reader sees. */
const DROPPED = /<(script|style|head|title|noscript|template|iframe|object|embed|applet|svg|math)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g;
const DECLARATION = /<[!?][^>]*>/g;
/** A start or end tag, attribute values quoted or not (a `>` inside quotes does not end the tag). */
const TAG = /<\/?([A-Za-z][A-Za-z0-9:_-]*)(?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*\/?>/g;
const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'td', 'th', 'table', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'section', 'article', 'header', 'footer', 'figure', 'figcaption', 'dd', 'dt', 'dl', 'img']);

/** Collapses whitespace (including no-break spaces) to single spaces and trims. */
export function collapseWhitespace(text: string): string {
  return fixMojibake(text).replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

const ALT = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)')/i;

/**
 * HTML reduced to the plain text a reader sees, for matching and plain-text alerts:
 * scripts, styles and comments dropped, tags removed (block boundaries become spaces, so words
 * never run together), entities decoded (windows-1252 numeric references included), whitespace collapsed.
 * Not a sanitizer: the output is text, and whatever renders it must escape it.
 */
export function htmlToText(html: string): string {
  if (!html) return '';
  if (!/[<&]/.test(html)) return collapseWhitespace(html);
  const text = html
    .replace(CDATA, '$1')
    .replace(COMMENT, ' ')
    .replace(DROPPED, ' ')
    .replace(TAG, (tag: string, name: string) => {
      const lower = name.toLowerCase();
      if (lower === 'img') {
        // Alt text is what a reader without images sees (and words a topic may match).
        const alt = ALT.exec(tag);
        return alt ? ` ${(alt[1] ?? alt[2] ?? '').replace(/[<>]/g, ' ')} ` : ' ';
      }
      return BLOCK.has(lower) ? ' ' : '';
    })
    .replace(DECLARATION, ' ');
  return collapseWhitespace(decodeHTML(text));
}

/** Plain text (not markup): only whitespace is normalised. */
export function plainText(text: string): string {
  return collapseWhitespace(text);
}
