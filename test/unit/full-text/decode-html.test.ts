import { describe, expect, it } from 'vitest';
import { decodeHtml, isHtml } from '../../../shared/domain/full-text/decode-html.js';

/** "Карабах" in windows-1251. */
const KARABAKH_1251 = [0xca, 0xe0, 0xf0, 0xe0, 0xe1, 0xe0, 0xf5];
const bytes = (prefix: string, middle: number[], suffix = '') => new Uint8Array([...Buffer.from(prefix, 'latin1'), ...middle, ...Buffer.from(suffix, 'latin1')]);

describe('article page decoding', () => {
  it.each([
    ['the HTTP charset', bytes('<p>', KARABAKH_1251, '</p>'), 'text/html; charset=windows-1251'],
    ['a <meta charset>', bytes('<html><head><meta charset="windows-1251"></head><p>', KARABAKH_1251), 'text/html'],
    ['a <meta http-equiv> Content-Type', bytes('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>', KARABAKH_1251), undefined],
  ])('follows %s', (_, body, contentType) => {
    expect(decodeHtml(body, contentType)).toContain('Карабах');
  });

  it('takes a BOM over what the server says, and UTF-8 when nothing says otherwise', () => {
    expect(decodeHtml(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('<p>Карабах</p>')]), 'text/html; charset=windows-1251')).toBe('<p>Карабах</p>');
    expect(decodeHtml(new Uint8Array(Buffer.from('<p>Карабах</p>')), undefined)).toBe('<p>Карабах</p>');
    expect(decodeHtml(new Uint8Array(Buffer.from('<p>Карабах</p>')), 'text/html; charset=no-such-charset')).toBe('<p>Карабах</p>');
  });

  it.each([
    ['text/html; charset=utf-8', '', true],
    ['application/xhtml+xml', '', true],
    ['application/pdf', '<html>', false],
    ['application/json', '{}', false],
    [undefined, '  <!DOCTYPE html><html>', true],
    [undefined, '%PDF-1.7', false],
  ])('is %s (starting %j) an HTML page? %s', (contentType, start, expected) => {
    expect(isHtml(contentType, new Uint8Array(Buffer.from(start)))).toBe(expected);
  });
});
