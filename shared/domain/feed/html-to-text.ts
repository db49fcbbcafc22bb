import { decodeHTML } from 'entities';
import { fixMojibake } from './entities.js';
import { stripMarkup } from './strip-markup.js';

// Each match of these ends at its terminator or at the end of the text, so every character is read once.
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g;

/** Collapses whitespace (including no-break spaces) to single spaces and trims. */
export function collapseWhitespace(text: string): string {
  return fixMojibake(text).replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/**
 * HTML reduced to the plain text a reader sees, for matching and plain-text alerts:
 * scripts, styles and comments dropped, tags removed (block boundaries become spaces, so words
 * never run together), entities decoded (windows-1252 numeric references included), whitespace collapsed.
 * Linear in the length of the markup, whatever it holds (see strip-markup.ts).
 * Not a sanitizer: the output is text, and whatever renders it must escape it.
 * `unknownTagsAreText`: for text that may be markup or not (untyped RSS), a "tag" that names no HTML element
 * (`std::vector<int>`, whose source escaped it as `&lt;int&gt;`) is kept as the text it is.
 */
export function htmlToText(html: string, opts: { unknownTagsAreText?: boolean } = {}): string {
  if (!html) return '';
  if (!/[<&]/.test(html)) return collapseWhitespace(html);
  return collapseWhitespace(decodeHTML(stripMarkup(html.replace(CDATA, '$1').replace(COMMENT, ' '), opts)));
}

/** Plain text (not markup): only whitespace is normalised. */
export function plainText(text: string): string {
  return collapseWhitespace(text);
}
