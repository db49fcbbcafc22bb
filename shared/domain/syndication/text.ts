import { escapeUTF8 } from 'entities';
import { keepXmlChars } from '../text/xml-chars.js';

/**
 * Text hygiene for syndication output. XML 1.0 cannot carry C0 controls (other than tab/newline) or lone
 * surrogates at all, and C1 controls are invisible garbage in readers, so they are removed rather than escaped.
 * Article text is free of the first kind from the moment it is parsed; topic names from config, and articles
 * stored before that, are not, so feeds out keep cleaning.
 */
const C1_CONTROLS = /[\u007F-\u009F]/g;

/** Multi-line text: newlines normalised to \n (XML parsers would do it anyway), controls removed. */
export function cleanText(text: string): string {
  return keepXmlChars(text).replace(/\r\n?/g, '\n').replace(C1_CONTROLS, '');
}

/** One-line text (titles, names, terms): line breaks and tabs become spaces, controls removed, trimmed. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/[\t\n\u2028\u2029]+/g, ' ').trim();
}

/** Escapes text for HTML/XML element content and quoted attributes; non-ASCII (emoji, Cyrillic) stays as is. */
export function escapeMarkup(text: string): string {
  return escapeUTF8(text);
}
