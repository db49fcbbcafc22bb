import { FIELD_LIMITS } from './feed-limits.js';
import { htmlToText, plainText } from './html-to-text.js';
import { attr, textOf, type XNode } from './xml-tree.js';

/**
 * Text of an Atom text construct or an RSS element, as plain text.
 * `type`: text (default for Atom) / html / xhtml / a MIME type; Atom 0.3 `mode="base64"` is decoded.
 * RSS elements are read as HTML (`asHtml`), as every reader does: authors put escaped markup in them; but as they
 * may as well be plain text, a tag that names no HTML element stays text there (an escaped `std::vector<int>`).
 * Declared HTML (`type="html"`) is markup throughout: its tags are removed, an escaped `&lt;` in it stays `<`.
 */
export function constructText(el: XNode | undefined, opts: { asHtml: boolean }): string {
  if (el === undefined) return '';
  let raw = textOf(el).slice(0, FIELD_LIMITS.markup);
  const type = (attr(el, 'type') ?? '').toLowerCase().trim();
  const mode = (attr(el, 'mode') ?? '').toLowerCase().trim();
  // Atom 1.0: a MIME type that is neither text nor XML means base64 content (RFC 4287 §4.1.3.3).
  const binary = type.includes('/') && !type.startsWith('text/') && !type.includes('xml');
  if (mode === 'base64' || binary) {
    try {
      raw = Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8');
    } catch {
      raw = '';
    }
  }
  const declaredHtml = type === 'html' || type === 'xhtml' || type.includes('html') || mode === 'xml';
  if (declaredHtml) return htmlToText(raw);
  if (!type && opts.asHtml) return htmlToText(raw, { unknownTagsAreText: true });
  if (binary && !isReadableText(raw)) return ''; // an image, a PDF: no text
  return plainText(raw);
}

function isReadableText(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(s);
}

/** The raw (undecoded) string value of a simple element such as a link or a GUID. */
export function rawValue(el: XNode | undefined): string {
  return textOf(el).trim();
}
