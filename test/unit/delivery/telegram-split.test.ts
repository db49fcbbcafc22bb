import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTelegramHtml } from '../../../shared/domain/render/telegram-html.js';
import { splitTelegramHtml } from '../../../shared/domain/render/telegram-split.js';
import { escapeTelegram } from '../../../shared/domain/render/escape.js';

/** Visible text of all parts, whitespace-insensitive (breaks may drop the whitespace they happen at). */
function visible(parts: string[]): string {
  return parts
    .map((p) => {
      const r = parseTelegramHtml(p);
      if (!r.ok) throw new Error(r.description);
      return r.text;
    })
    .join('')
    .replace(/\s+/g, '');
}
const visibleOf = (html: string) => visible([html]);

function checkParts(html: string, limit: number) {
  const parts = splitTelegramHtml(html, limit);
  for (const p of parts) {
    expect(p.length).toBeLessThanOrEqual(limit);
    const parsed = parseTelegramHtml(p);
    expect(parsed.ok, `${p} → ${parsed.ok ? '' : parsed.description}`).toBe(true);
    expect(parsed.ok && parsed.text.trim().length).toBeGreaterThan(0);
    // No lone surrogate at either end of a part.
    expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  }
  expect(visible(parts)).toBe(visibleOf(html));
  return parts;
}

describe('splitTelegramHtml', () => {
  it('keeps a message under the limit whole', () => {
    expect(splitTelegramHtml('<b>hi</b> there', 4096)).toEqual(['<b>hi</b> there']);
  });

  it('drops empty input', () => {
    expect(splitTelegramHtml('   ', 10)).toEqual([]);
  });

  it.each([
    ['plain words', 'word '.repeat(200), 50],
    ['a long bold run closes and reopens the tag', `<b>${'bold '.repeat(100)}</b>`, 60],
    ['nested tags with a link', `<a href="https://example.org/x?a=1&amp;b=2"><b>${'linked '.repeat(60)}</b></a> tail`, 80],
    ['entities are never cut', `${'&amp;&lt;&gt;&quot;&#1055;'.repeat(80)}`, 37],
    ['surrogate pairs are never cut', '😀🇦🇲𝄞'.repeat(100), 33],
    ['no whitespace at all', 'x'.repeat(1000), 100],
    ['lines preferred', Array.from({ length: 50 }, (_, i) => `line ${i} with some words`).join('\n'), 120],
    ['cyrillic', 'Переговоры о Нагорном Карабахе '.repeat(40), 90],
  ])('%s', (_name, html, limit) => {
    const parts = checkParts(html, limit);
    expect(parts.length).toBeGreaterThan(1);
  });

  it('breaks at a line break when there is one in the second half', () => {
    const html = `${'a'.repeat(60)}\n${'b'.repeat(30)} ${'c'.repeat(30)}`;
    const parts = splitTelegramHtml(html, 100);
    expect(parts[0]).toBe('a'.repeat(60));
  });

  it('reopens a link with its href in the next part', () => {
    const parts = splitTelegramHtml(`<a href="https://e.org/">${'x '.repeat(80)}</a>`, 60);
    for (const p of parts) expect(p).toMatch(/^<a href="https:\/\/e.org\/">.*<\/a>$/s);
  });

  it('holds for random escaped text in random supported tags (property)', () => {
    const tag = fc.constantFrom('b', 'i', 'u', 's', 'code');
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }).map(escapeTelegram),
      fc.tuple(tag, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })).map(([t, s]) => `<${t}>${escapeTelegram(s)}</${t}>`),
      fc.constant('\n'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 30, max: 200 }), (pieces, limit) => {
        const html = pieces.join('');
        if (!visibleOf(html)) return;
        checkParts(html, limit);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
