import { describe, expect, it } from 'vitest';
import { demoroniseC1, fixMojibake, repairEntities } from '../../../shared/domain/feed/entities.js';
import { htmlToText } from '../../../shared/domain/feed/html-to-text.js';

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
  ])('%j → %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});

describe('repairEntities', () => {
  it.each([
    ['<t>a&nbsp;b</t>', '<t>a&#xa0;b</t>'],
    ['<t>&hellip;&mdash;</t>', '<t>&#x2026;&#x2014;</t>'],
    ['<t>&#146;</t>', '<t>&#x2019;</t>'],
    ['<t>&#X41;</t>', '<t>&#x41;</t>'],
    ['<t>AT&T q?a=1&b=2</t>', '<t>AT&amp;T q?a=1&amp;b=2</t>'],
    ['<t>&amp;&lt;&gt;&quot;&apos;</t>', '<t>&amp;&lt;&gt;&quot;&apos;</t>'],
    ['<t>&bogus;</t>', '<t>&amp;bogus;</t>'],
    ['<t><![CDATA[&nbsp; & raw]]></t>', '<t><![CDATA[&nbsp; & raw]]></t>'],
    ['<t>\u0001x</t>', '<t>x</t>'],
  ])('%j → %j', (xml, repaired) => {
    expect(repairEntities(xml)).toBe(repaired);
  });

  it('substitutes declared literal entities once, escaped', () => {
    expect(repairEntities('<t>&me;</t>', new Map([['me', '<b>Me & co</b>']]))).toBe('<t>&lt;b&gt;Me &amp; co&lt;/b&gt;</t>');
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
