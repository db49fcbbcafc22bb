import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../../shared/domain/feed/decode.js';
import { parseContentType } from '../../../shared/domain/feed/content-type.js';

const doc = (title: string, decl?: string) => `${decl ? `<?xml version="1.0" encoding="${decl}"?>` : ''}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;
const bytes = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding));
const withBom = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding, { addBOM: true }));

describe('decodeFeedBytes', () => {
  it.each([
    ['utf-8', 'Ünïcödé ✓'],
    ['utf-16le', 'Ünïcödé ✓'],
    ['utf-16be', 'Ünïcödé ✓'],
    ['utf-32le', 'Ünïcödé ✓'],
    ['utf-32be', 'Ünïcödé ✓'],
  ])('honours a %s byte-order mark over everything else', (encoding, title) => {
    const decoded = decodeFeedBytes(withBom(doc(title, 'iso-8859-1'), encoding), 'text/xml; charset=windows-1251');
    expect(decoded).toMatchObject({ encoding, source: 'bom' });
    expect(decoded.text).toBe(doc(title, 'iso-8859-1'));
  });

  it.each(['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'])('sniffs %s without a BOM or declaration', (encoding) => {
    const decoded = decodeFeedBytes(bytes(doc('Привет'), encoding));
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.text).toContain('<title>Привет</title>');
  });

  it.each([
    ['windows-1251', 'Новости ОДКБ'],
    ['koi8-r', 'Нагорный Карабах'],
    ['iso-8859-2', 'Zażółć gęślą jaźń'],
    ['iso-8859-7', 'Καλημέρα'],
    ['windows-1252', 'naïve “quotes” – €'],
    ['big5', '中文新聞'],
    ['gb18030', '简体中文新闻'],
    ['euc-kr', '한국어 뉴스'],
    ['euc-jp', '日本語のニュース'],
    ['shift_jis', '日本語のニュース'],
  ])('decodes %s from the XML declaration without U+FFFD', (encoding, title) => {
    const decoded = decodeFeedBytes(bytes(doc(title, encoding), encoding));
    expect(decoded.text).toContain(`<title>${title}</title>`);
    expect(decoded.text).not.toContain('\uFFFD');
  });

  it.each([
    ['windows-1251', 'Новости ОДКБ'],
    ['koi8-r', 'Нагорный Карабах'],
  ])('lets the HTTP charset (%s) win over a wrong XML declaration', (encoding, title) => {
    const decoded = decodeFeedBytes(bytes(doc(title, 'iso-8859-1'), encoding), `application/rss+xml; charset="${encoding}"`);
    expect(decoded).toMatchObject({ encoding, source: 'http' });
    expect(decoded.text).toContain(title);
  });

  it('reads gb2312 declarations as gb18030 (its superset)', () => {
    expect(decodeFeedBytes(bytes(doc('新闻', 'gb2312'), 'gb18030')).encoding).toBe('gb18030');
  });

  it('reads text/xml without charset as us-ascii when the body is ASCII (RFC 3023)', () => {
    expect(decodeFeedBytes(bytes(doc('plain', 'iso-8859-1'), 'latin1'), 'text/xml')).toMatchObject({ encoding: 'us-ascii', source: 'http' });
  });

  it('falls back to the declaration when text/xml without charset carries non-ASCII bytes (no U+FFFD)', () => {
    const decoded = decodeFeedBytes(bytes(doc('Привет', 'utf-8'), 'utf-8'), 'text/xml');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('Привет');
    expect(decoded.warnings?.[0]).toMatch(/RFC 3023/);
  });

  it('overrides an HTTP charset the bytes do not fit, with a warning', () => {
    const decoded = decodeFeedBytes(bytes(doc('Ünïcödé'), 'utf-8'), 'application/xml; charset=us-ascii');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('Ünïcödé');
    expect(decoded.warnings?.join()).toMatch(/us-ascii overridden/);
  });

  it('overrides a utf-8 declaration on bytes that are not UTF-8 (sniffs instead)', () => {
    const decoded = decodeFeedBytes(bytes(doc('Новости ОДКБ и Карабах сегодня', 'utf-8'), 'windows-1251'));
    expect(decoded.text).toContain('Новости ОДКБ');
    expect(decoded.text).not.toContain('\uFFFD');
  });

  it('decodes iso-8859-1 smart quotes (bytes 0x80-0x9F) as windows-1252 does', () => {
    const decoded = decodeFeedBytes(new Uint8Array([...Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><a>don'), 0x92, ...Buffer.from('t</a>')]));
    expect(decoded.encoding).toBe('iso-8859-1');
    expect(decoded.text).toContain('don’t');
  });

  it('ignores an unknown charset label', () => {
    const decoded = decodeFeedBytes(bytes(doc('ok'), 'utf-8'), 'text/xml; charset=x-klingon');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.warnings?.join()).toMatch(/unknown HTTP charset/);
  });
});

describe('parseContentType', () => {
  it.each([
    ['text/xml;charset= "us-ascii"', { mediaType: 'text/xml', charset: 'us-ascii' }],
    ['text/xml;charset = us-ascii', { mediaType: 'text/xml', charset: 'us-ascii' }],
    ["application/atom+xml;charset='gb2312'", { mediaType: 'application/atom+xml', charset: 'gb2312' }],
    ['text/xml; charset:iso-8859-1', { mediaType: 'text/xml' }],
    ['text/xml; qs=0.9', { mediaType: 'text/xml' }],
  ])('%s', (header, expected) => {
    expect(parseContentType(header)).toEqual(expected);
  });
});
