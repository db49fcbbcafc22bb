import { describe, expect, it } from 'vitest';
import { parseTelegramHtml } from '../../../shared/domain/render/telegram-html.js';

describe('parseTelegramHtml (Telegram HTML parse mode rules)', () => {
  it.each([
    ['<b>bold</b> &amp; <i>it</i>', 'bold & it'],
    ['&lt;script&gt;', '<script>'],
    ['&#1055;&#x41f;', 'ПП'],
    ['&nbsp;&copy;', '&nbsp;&copy;'],
    ['a > b', 'a > b'],
    ['<a href="https://e.org/?a=1&amp;b=2">x</a>', 'x'],
    ['<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', 'st'],
    ['<B>caps</B>', 'caps'],
  ])('accepts %j', (html, text) => {
    const r = parseTelegramHtml(html);
    expect(r).toMatchObject({ ok: true, text });
  });

  it('reports entities with their urls', () => {
    const r = parseTelegramHtml('x <a href="https://e.org/?a=1&amp;b=2"><b>y</b></a>');
    expect(r.ok && r.entities).toEqual([
      { type: 'b', offset: 2, length: 1 },
      { type: 'a', offset: 2, length: 1, url: 'https://e.org/?a=1&b=2' },
    ]);
  });

  it.each([
    ['<div>x</div>', `can't parse entities: Unsupported start tag "div" at byte offset 0`],
    ['ok <script>alert(1)</script>', `can't parse entities: Unsupported start tag "script" at byte offset 3`],
    ['Привет <p>', `can't parse entities: Unsupported start tag "p" at byte offset 13`],
    ['a < b', `can't parse entities: Unsupported start tag "" at byte offset 2`],
    ['x <b', `can't parse entities: Unclosed start tag at byte offset 2`],
    ['<b>x', `can't parse entities: Can't find end tag corresponding to start tag "b"`],
    ['x</b>', `can't parse entities: Unexpected end tag at byte offset 1`],
    ['<b>x</i>', `can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`],
    ['<b>x</b', `can't parse entities: Unclosed end tag at byte offset 4`],
    ['<a href>x</a>', `can't parse entities: Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0`],
    ['<span>x</span>', `can't parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0`],
    ['<img src=x onerror=alert(1)>', `can't parse entities: Unsupported start tag "img" at byte offset 0`],
  ])('rejects %j as Telegram words it', (html, description) => {
    expect(parseTelegramHtml(html)).toEqual({ ok: false, description });
  });
});
