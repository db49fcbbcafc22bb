import { describe, expect, it } from 'vitest';
import { demoroniseC1, fixMojibake } from '../../../shared/domain/feed/entities.js';
import { htmlToText } from '../../../shared/domain/feed/html-to-text.js';
import { resolveReferences } from '../../../shared/domain/feed/xml-references.js';

describe('htmlToText', () => {
  it.each([
    ['<p>Hello <b>world</b></p><p>again</p>', 'Hello world again'],
    ['CSTO<br/>summit', 'CSTO summit'],
    ['a<script>alert(1)</script>b<style>p{}</style>c', 'a b c'],
    ['<!-- hidden --> visible', 'visible'],
    ['caf&eacute; &amp; cr&egrave;me&nbsp;br&ucirc;l&eacute;e', 'café & crème brûlée'],
    ['don&#146;t &#8220;quote&#8221;', 'don’t “quote”'],
    ['<a href="x" title="a > b">link</a>', 'link'],
    ['<img alt="Summit photo" src="x.jpg"> caption', 'Summit photo caption'],
    ['a < b and c > d', 'a < b and c > d'],
    ['  spaced\n\n\tout  ', 'spaced out'],
    ['<![CDATA[inner <b>bold</b>]]>', 'inner bold'],
    ['&acirc;&#128;&brvbar;', '…'],
    ['<a href="x"y>link</a>', 'link'],
    ['<a b=>c', '<a b=>c'],
    ['x<y and y>z', 'xz'],
    ['<SCRIPT>x</script >y', 'y'],
    ['<script>never closed', 'never closed'],
    ['<img src=x alt=\'A "q"\'>t', 'A "q" t'],
    ['a<!DOCTYPE x>b<?pi?>c', 'a b c'],
    ['<a <a <a never closed', '<a <a <a never closed'],
    ['<a <b>x</b>', 'x'],
    ['<<<<', '<<<<'],
  ])('%j → %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});

describe('htmlToText of text that may be markup', () => {
  it.each([
    ['std::vector<int>', 'std::vector<int>'],
    ['x<y and y>z', 'x<y and y>z'],
    ['<p>List<String> is <b>generic</b></p><o:p></o:p>', 'List<String> is generic'],
    ['<int a=1 <b>x</b>', '<int a=1 <b>x'],
    ['<a href="/x">HashMap<K,V></a>', 'HashMap<K,V>'],
  ])('%j → %j', (html, text) => {
    expect(htmlToText(html, { unknownTagsAreText: true })).toBe(text);
  });
});

describe('resolveReferences', () => {
  const resolve = (raw: string, declared = new Map<string, string>()) => resolveReferences(raw, declared, { remaining: 1000 });
  it.each([
    ['a&nbsp;b', 'a\u00a0b'],
    ['&hellip;&mdash;', '…—'],
    ['&#146;', '’'],
    ['&#X41;&#x42;&#67;', 'ABC'],
    ['AT&T q?a=1&b=2', 'AT&T q?a=1&b=2'],
    ['&amp;&lt;&gt;&quot;&apos;', '&<>"\''],
    ['&bogus;', '&bogus;'],
    ['&#x1;x&#xFFFE;', 'x'],
    ['&amp;lt;', '&lt;'],
  ])('%j → %j', (raw, resolved) => {
    expect(resolve(raw)).toBe(resolved);
  });

  it('substitutes declared literal entities once, as text', () => {
    expect(resolve('&me;', new Map([['me', '<b>Me & co</b>']]))).toBe('<b>Me & co</b>');
  });

  it('charges what references add to the budget, and gives up when it runs out', () => {
    const budget = { remaining: 10 };
    expect(resolveReferences('&e;&e;', new Map([['e', 'x'.repeat(7)]]), budget)).toBe('x'.repeat(14));
    expect(budget.remaining).toBe(2);
    expect(resolveReferences('&e;', new Map([['e', 'x'.repeat(7)]]), budget)).toBeUndefined();
  });
});

describe('windows-1252 repairs', () => {
  it('maps raw C1 controls to the punctuation they stood for', () => {
    expect(demoroniseC1('don\u0092t \u0093q\u0094')).toBe('don’t “q”');
  });
  it('repairs UTF-8 read as windows-1252, and leaves real Latin-1 text alone', () => {
    expect(fixMojibake('Ã©tÃ© â€“ naÃ¯ve')).toBe('été – naïve');
    expect(fixMojibake('Ärger über Öl')).toBe('Ärger über Öl');
  });
});
