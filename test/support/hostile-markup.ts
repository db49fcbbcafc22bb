/**
 * fast-check generators of hostile feed documents: short runs of the pieces parsers trip on (tag starts, attributes and
 * quotes, entity and character references, CDATA, comments, declarations, inline XHTML, nesting), repeated to a given
 * length and put where each part of parsing sees them.
 */
import fc from 'fast-check';

const PIECES = [
  // tags and attributes, closed or not
  '<a ', '<a>', '</a>', '</b>', '<b/>', '<a href="', "<a href='", ' x="', " y='", '=', '"', "'", '>', '/>', '<', '</', '<1',
  // elements dropped with their content, inline XHTML, nesting
  '<script>', '</script>', '<style ', '<title type="xhtml">', '<content type="xhtml">', '<x:body>', '</x:body>', '<div>', '<item>', '</item>',
  // references
  '&', '&amp;', '&lt;', '&lt;a ', '&nbsp;', '&#146;', '&#x1F600;', '&#', '&#x', '&e;', '&bogus;', '&amp;lt;',
  // CDATA, comments, processing instructions, declarations
  '<![CDATA[', ']]>', '<!--', '-->', '--', '<?', '?>', '<!', '<!DOCTYPE', '<!ENTITY',
  // text
  'x', 'CSTO', ' ', '\n', '\u00a0', 'é', 'â€¦',
];

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Where the run goes: raw in the document, escaped in an RSS title, in CDATA, in Atom XHTML content, in JSON Feed HTML. */
const PLACES = {
  'raw XML in an item': (run: string) => `<rss version="2.0"><channel><title>T</title><item><guid>g</guid>${run}</item></channel></rss>`,
  'escaped HTML in a title': (run: string) => `<rss version="2.0"><channel><title>T</title><item><guid>g</guid><title>${escapeXml(run)}</title></item></channel></rss>`,
  'HTML in CDATA': (run: string) => `<rss version="2.0"><channel><title>T</title><item><guid>g</guid><description><![CDATA[${run.replace(/\]\]>/g, ']]')}]]></description></item></channel></rss>`,
  'Atom XHTML content': (run: string) => `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:g</id><content type="xhtml">${run}</content></entry></feed>`,
  'a declared entity nearby': (run: string) => `<!DOCTYPE rss [<!ENTITY e "${'e'.repeat(32)}">]><rss version="2.0"><channel><title>T</title><item><guid>g</guid><title>${run}</title></item></channel></rss>`,
  'JSON Feed HTML': (run: string) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', items: [{ id: 'g', content_html: run }] }),
} satisfies Record<string, (run: string) => string>;

export type Place = keyof typeof PLACES;

export interface HostileDocument {
  place: Place;
  /** The pieces repeated to make the run. */
  unit: string;
  text: string;
}

/** A hostile document of at least `length` characters. */
export function hostileDocument(length: number): fc.Arbitrary<HostileDocument> {
  return fc
    .record({
      place: fc.constantFrom(...(Object.keys(PLACES) as Place[])),
      unit: fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join('')),
    })
    .map(({ place, unit }) => ({ place, unit, text: PLACES[place](unit.repeat(Math.ceil(length / unit.length))) }));
}
