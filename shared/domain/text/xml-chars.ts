/**
 * The characters text may carry anywhere newshound sends it: XML 1.0's Char production
 * (#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF), which is also exactly what SQS accepts
 * in a message body. Everything else (C0 controls but tab, LF and CR; U+FFFE and U+FFFF; lone surrogates)
 * is refused by SQS and by strict XML parsers alike, and never carries meaning, so it is removed.
 */

// With the `u` flag a lone surrogate is a code point of its own, outside every range, while a pair is one astral code point.
const OUTSIDE = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ALL_OUTSIDE = new RegExp(OUTSIDE.source, 'gu');
// The cheap first look (no `u`): anything that could be outside the set; surrogate pairs send valid text down the slow path.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** The text without the characters XML 1.0 and SQS refuse; text that has none comes back as it is. */
export function keepXmlChars(text: string): string {
  return SUSPECT.test(text) ? text.replace(ALL_OUTSIDE, '') : text;
}

/** Whether every character of the text is one XML 1.0 and SQS accept. */
export function isXmlChars(text: string): boolean {
  return !SUSPECT.test(text) || !OUTSIDE.test(text);
}
