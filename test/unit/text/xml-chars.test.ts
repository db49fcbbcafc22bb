import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isXmlChars, keepXmlChars } from '../../../shared/domain/text/xml-chars.js';

/** The set as SQS documents it, one code unit at a time: an independent reading of what the module does. */
function allowedOnly(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += text[i]! + text[i + 1]!;
      i++;
    } else if (c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd)) {
      out += text[i]!;
    }
  }
  return out;
}

const edgy = fc.constantFrom('\u0000', '\u0001', '\u0008', '\t', '\n', '\u000B', '\u000C', '\r', '\u001F', ' ', '\u007F', '\u0085', '\uD7FF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uE000', '\uFFFD', '\uFFFE', '\uFFFF', '😀', '\u{10FFFF}', '\u{1FFFE}');
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const astral = fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
/** Any UTF-16 text, lone surrogates included, with the boundaries of the set often. */
const anyText = fc.string({ unit: fc.oneof(edgy, anyUnit, astral, fc.constantFrom('a', 'Я', '北')) });
const allowedText = anyText.map(allowedOnly);

describe('keepXmlChars (what SQS and XML 1.0 accept)', () => {
  it.each([
    ['plain text unchanged', 'CSTO summit in Minsk', 'CSTO summit in Minsk'],
    ['tab, LF and CR kept', 'a\tb\nc\r\nd', 'a\tb\nc\r\nd'],
    ['other C0 controls removed', 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg', 'abcdefg'],
    ['U+FFFE and U+FFFF removed', 'x\uFFFEy\uFFFFz', 'xyz'],
    ['U+FFFD kept', 'bad byte \uFFFD here', 'bad byte \uFFFD here'],
    ['DEL and C1 kept (SQS accepts them)', 'a\u007Fb\u0085c\u009Fd', 'a\u007Fb\u0085c\u009Fd'],
    ['a lone high surrogate removed', 'a\uD800b', 'ab'],
    ['a lone low surrogate removed', 'a\uDC00b', 'ab'],
    ['a reversed pair removed', 'a\uDC00\uD800b', 'ab'],
    ['a high surrogate at the end removed', 'cut at 😀\uD83D', 'cut at 😀'],
    ['emoji and astral characters kept', 'flag 🇦🇲 and 𝔸 and \u{10FFFF}', 'flag 🇦🇲 and 𝔸 and \u{10FFFF}'],
    ['astral non-characters kept (inside #x10000-#x10FFFF)', 'a\u{1FFFE}b', 'a\u{1FFFE}b'],
    ['Cyrillic and CJK kept', 'Карабах 北京', 'Карабах 北京'],
    ['empty stays empty', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(keepXmlChars(input)).toBe(expected);
    expect(isXmlChars(input)).toBe(input === expected);
  });

  it('keeps exactly the allowed characters of any text, in order', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(keepXmlChars(text)).toBe(allowedOnly(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('its output holds only allowed characters', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = keepXmlChars(text);
        expect(isXmlChars(out)).toBe(true);
        expect(allowedOnly(out)).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves allowed text unchanged', () => {
    fc.assert(
      fc.property(allowedText, (text) => {
        expect(keepXmlChars(text)).toBe(text);
        expect(isXmlChars(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
