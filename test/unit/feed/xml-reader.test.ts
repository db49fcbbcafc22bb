import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../../shared/domain/feed/feed-parse-error.js';
import { readXml } from '../../../shared/domain/feed/xml-reader.js';

const read = (xml: string, entities = new Map<string, string>()) => readXml(xml, { entities, maxChars: 1_000_000, maxDepth: 64 });
/** The tree as plain JSON (the reader builds objects without prototypes). */
const tree = (xml: string) => JSON.parse(JSON.stringify(read(xml).tree)) as unknown;

describe('readXml builds the tree normalisation reads', () => {
  it.each([
    ['text-only elements as strings, children as arrays', '<r><a>x</a><a>y</a><b/></r>', { r: { a: ['x', 'y'], b: [''] } }],
    ['attributes in $, text in _ beside them', '<r><a href="u" rel=\'alt\'>t</a></r>', { r: { a: [{ $: { href: 'u', rel: 'alt' }, _: 't' }] } }],
    ['whitespace-only text dropped unless it is CDATA', '<r><a x="1"> </a><b><![CDATA[ ]]></b></r>', { r: { a: [{ $: { x: '1' } }], b: [' '] } }],
    ['mixed text concatenated, comments and PIs skipped', '<?xml version="1.0"?><!-- c --><r>a<!-- c -->b<?pi x?><![CDATA[<c>]]></r>', { r: 'ab<c>' }],
    ['references resolved in text and attributes', '<r a="AT&amp;T &nbsp;">&lt;&#146;&bogus;</r>', { r: { $: { a: 'AT&T \u00a0' }, _: '<’&bogus;' } }],
    ['an empty root as a string', '<rss/>', { rss: '' }],
    ['inline XHTML of a text construct kept as markup', '<e><title type="xhtml"><div>a <b>b</b> &amp;</div></title></e>', { e: { title: [{ $: { type: 'xhtml' }, _: '<div>a <b>b</b> &amp;</div>' }] } }],
    ['an XHTML body kept as markup', '<i><x:body xmlns:x="http://www.w3.org/1999/xhtml"><p>hi</p></x:body></i>', { i: { 'x:body': [{ $: { 'xmlns:x': 'http://www.w3.org/1999/xhtml' }, _: '<p>hi</p>' }] } }],
  ])('%s', (_name, xml, expected) => {
    expect(tree(xml)).toEqual(expected);
    expect(read(xml).error).toBeUndefined();
  });

  it('substitutes declared entities', () => {
    expect(JSON.parse(JSON.stringify(read('<r>&me;</r>', new Map([['me', 'Example']])).tree))).toEqual({ r: 'Example' });
  });
});

describe('readXml reads what is not well-formed, and says where it first was not', () => {
  it.each([
    ['an end tag closes the element it names and those inside it', '<r><a><b>x</a><c/></r>', { r: { a: [{ b: ['x'] }], c: [''] } }, 'end tag </a> inside <b> (line 1, column 11)'],
    ['an end tag that names no open element is ignored', '<r><a>x</b></a></r>', { r: { a: ['x'] } }, 'end tag </b> inside <a> (line 1, column 8)'],
    ['elements open at the end are closed', '<r><a>x', { r: { a: ['x'] } }, 'unclosed element <a> (line 1, column 8)'],
    ['a truncated end tag closes its element', '<r><a>x</a></r', { r: { a: ['x'] } }, 'malformed end tag </r> (line 1, column 15)'],
    ['a stray < is text', '<r>a < b <= c</r>', { r: 'a < b <= c' }, 'a "<" that starts no markup (line 1, column 6)'],
    ['unquoted and valueless attributes', '<r><a x=1 y>t</a></r>', { r: { a: [{ $: { x: '1', y: '' }, _: 't' }] } }, 'unquoted value of attribute x of <a> (line 1, column 9)'],
    ['text and elements after the root are left out', '<r>x</r>tail<s/>', { r: 'x' }, 'text outside the root element (line 1, column 9)'],
    ['an unclosed comment runs to the end', '<r>x<!-- never', { r: 'x' }, 'unclosed comment (line 1, column 5)'],
  ])('%s', (_name, xml, expected, error) => {
    const doc = read(xml);
    expect(JSON.parse(JSON.stringify(doc.tree))).toEqual(expected);
    expect(doc.error).toBe(error);
  });

  it('gives lines and columns of the first error', () => {
    expect(read('<r>\n  <a>\n</b></r>').error).toBe('end tag </b> inside <a> (line 3, column 1)');
  });
});

describe('readXml limits', () => {
  it('refuses nesting deeper than maxDepth', () => {
    expect(() => read(`${'<a>'.repeat(65)}${'</a>'.repeat(65)}`)).toThrow(FeedParseError);
    expect(() => read(`${'<a>'.repeat(64)}${'</a>'.repeat(64)}`)).not.toThrow();
  });

  it('refuses references that grow the document past maxChars', () => {
    const entities = new Map([['e', 'x'.repeat(100)]]);
    expect(() => readXml(`<r>${'&e;'.repeat(20)}</r>`, { entities, maxChars: 1000, maxDepth: 8 })).toThrow(/past 1000 characters/);
  });

  it('keeps the first 256 attributes of an element and the first 1024 different children', () => {
    const attrs = Array.from({ length: 300 }, (_, i) => `a${i}="${i}"`).join(' ');
    const kids = Array.from({ length: 1100 }, (_, i) => `<k${i}/>`).join('');
    const doc = read(`<r ${attrs}>${kids}<k0/></r>`);
    const root = (doc.tree as { r: Record<string, unknown> & { $: Record<string, string> } }).r;
    expect(Object.keys(root.$)).toHaveLength(256);
    expect(Object.keys(root).filter((k) => k !== '$')).toHaveLength(1024);
    expect(root.k0).toHaveLength(2);
    expect(doc.error).toMatch(/more than 256 attributes on <r>/);
  });
});
