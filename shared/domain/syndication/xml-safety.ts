/**
 * The `feed` package serialises through xml-js, which has three escaping gaps:
 * - CDATA: only the FIRST `]]>` is split, so a title with two of them breaks the document;
 * - attributes: `<` is written raw (not well-formed XML);
 * - text: `&amp;` is un-escaped before escaping, so a literal "&amp;" would come back as "&".
 * We route around them without forking the package: every string we hand it has been cleaned of control
 * characters (see text.ts), so two of those can serve as placeholders that cannot collide with content,
 * and are swapped for the correct escapes once the document is rendered.
 */
const CDATA_END = '\u0002';
const ATTRIBUTE_LT = '\u0001';

/** For values the package wraps in CDATA (item title, description, content). */
export const cdataValue = (text: string): string => text.replaceAll(']]>', CDATA_END);

/** For values the package writes as element text (feed title, subtitle, names). */
export const textValue = (text: string): string => text.replaceAll('&', '&amp;');

/** For values the package writes as attributes after escaping `&` itself (Atom category term/label). */
export const attributeValue = (text: string): string => text.replaceAll('<', ATTRIBUTE_LT);

export function finishXml(xml: string): string {
  return `${xml.replaceAll(CDATA_END, ']]]]><![CDATA[>').replaceAll(ATTRIBUTE_LT, '&lt;')}\n`;
}
