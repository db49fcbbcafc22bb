import { escapeUTF8 } from 'entities';

/**
 * Text hygiene for syndication output. XML 1.0 cannot carry C0 controls (other than tab/newline) or lone
 * surrogates at all, and C1 controls are invisible garbage in readers, so they are removed rather than escaped.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Multi-line text: newlines normalised to \n (XML parsers would do it anyway), controls removed. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, '').replace(LONE_SURROGATES, '');
}

/** One-line text (titles, names, terms): line breaks and tabs become spaces, controls removed, trimmed. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/[\t\n\u2028\u2029]+/g, ' ').trim();
}

/** Escapes text for HTML/XML element content and quoted attributes; non-ASCII (emoji, Cyrillic) stays as is. */
export function escapeMarkup(text: string): string {
  return escapeUTF8(text);
}
