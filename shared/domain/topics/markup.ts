import { decodeHTML } from 'entities';
import { keepXmlChars } from '../text/xml-chars.js';

/**
 * Cheap markup removal so that `<b>CSTO</b>` or `AT&amp;T` in a title does not hide words.
 * Only tags with known HTML names are removed: `Ministers <briefing> in Astana` keeps "briefing".
 * Script and style blocks go with their content. Entities are decoded after the tags are gone.
 */
const HTML_TAG_NAMES =
  'a|abbr|b|bdi|bdo|big|blockquote|br|center|cite|code|del|dfn|div|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|nobr|ol|p|pre|q|s|samp|small|span|strike|strong|sub|sup|time|tt|u|ul|var|wbr';
const BLOCKS = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const TAGS = new RegExp(`<\\/?(?:${HTML_TAG_NAMES})(?:\\s[^<>]*)?\\/?>`, 'gi');
const COMMENTS = /<!--[\s\S]*?-->/g;
/** Block-level tags separate words; inline ones (`<b>`, `<span>`) do not: `Nagorno<b>-</b>Karabakh`. */
const SEPARATING = /^<\/?(?:br|p|div|li|ol|ul|h[1-6]|hr|blockquote|pre|img)\b/i;

export function stripMarkup(text: string): string {
  let out = text;
  if (out.includes('<')) {
    out = out.replace(BLOCKS, ' ').replace(COMMENTS, '').replace(TAGS, (tag) => (SEPARATING.test(tag) ? ' ' : ''));
  }
  // A reference can decode to a character SQS and XML refuse (`&#xFFFE;`), and snippets are cut from this text.
  if (out.includes('&')) out = keepXmlChars(decodeHTML(out));
  return out;
}
