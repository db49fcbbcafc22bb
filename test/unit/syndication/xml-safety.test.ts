import { Feed } from 'feed';
import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText } from '../../../shared/domain/syndication/index.js';
import { expectStrictXml } from './strict-xml.js';

describe('expectStrictXml (the checker the feed tests rely on)', () => {
  it.each([
    ['raw < in an attribute', '<a b="x<y"/>'],
    [']]> in text', '<a>x ]]> y</a>'],
    ['a control character', '<a>\u0001</a>'],
    ['an unescaped &', '<a>x & y</a>'],
  ])('rejects %s', (_name, xml) => {
    expect(() => expectStrictXml(xml)).toThrow();
  });

  it('accepts split CDATA and ]]> inside attributes', () => {
    expect(() => expectStrictXml('<a b="]]>"><![CDATA[x]]]]><![CDATA[>y]]></a>')).not.toThrow();
  });

  it('would catch the feed package on its own: a second ]]> in a title and < in a category break its XML', () => {
    const feed = new Feed({ id: 'urn:x', title: 't', updated: new Date(0), link: 'https://example.org/' });
    feed.addItem({ title: 'a ]]> b ]]> c', id: 'urn:y', link: 'https://example.org/a', date: new Date(0), category: [{ term: 'a<b' }] });
    expect(() => expectStrictXml(feed.rss2())).toThrow();
    expect(() => expectStrictXml(feed.atom1())).toThrow();
  });
});

describe('text hygiene', () => {
  it.each([
    ['controls removed', 'a\u0000b\u0008c\u000bd\u001fe\u007ff\u0085g\u009fh', 'abcdefgh'],
    ['line breaks and tabs become single spaces', ' one\r\ntwo\t\tthree\u2028four ', 'one two three four'],
    ['lone surrogates removed, pairs kept', 'x\uD800y\uDC00z 😀', 'xyz 😀'],
    ['non-characters removed', 'a\uFFFEb\uFFFFc', 'abc'],
  ])('cleanLine: %s', (_name, input, expected) => {
    expect(cleanLine(input)).toBe(expected);
  });

  it('cleanText keeps paragraphs and normalises CR LF', () => {
    expect(cleanText('one\r\ntwo\rthree\n\nfour\u0007')).toBe('one\ntwo\nthree\n\nfour');
  });
});
