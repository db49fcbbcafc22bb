/**
 * Telegram's HTML parse mode, as the Bot API applies it (modelled on TDLib's parse_html):
 * the tag whitelist, entity decoding, nesting checks and the error texts Telegram answers with.
 * Used by the local stand-in to reject what Telegram would reject, and by tests of the renderers.
 */

export const TELEGRAM_TAGS = new Set(['a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins', 'tg-spoiler', 'tg-emoji', 'span', 'pre', 'code', 'blockquote']);

export type TelegramParseResult =
  | { ok: true; text: string; entities: { type: string; offset: number; length: number; url?: string }[] }
  | { ok: false; description: string };

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Decodes one HTML entity at `i` (Telegram supports &lt; &gt; &amp; &quot; and numeric ones); undefined when there is none. */
function entityAt(s: string, i: number): { char: string; end: number } | undefined {
  const m = /^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/.exec(s.slice(i, i + 12));
  if (!m) return undefined;
  const body = m[1]!;
  let char: string | undefined;
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) char = String.fromCodePoint(code);
  } else {
    char = NAMED[body];
  }
  return char === undefined ? undefined : { char, end: i + m[0].length };
}

function decodeAttribute(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; ) {
    const e = value[i] === '&' ? entityAt(value, i) : undefined;
    if (e) {
      out += e.char;
      i = e.end;
    } else {
      out += value[i];
      i += 1;
    }
  }
  return out;
}

/** Parses Telegram HTML into plain text + entities, or the error Telegram would give (without the "Bad Request: " prefix). */
export function parseTelegramHtml(html: string): TelegramParseResult {
  const byteOffset = (i: number) => Buffer.byteLength(html.slice(0, i), 'utf8');
  const fail = (msg: string): TelegramParseResult => ({ ok: false, description: `can't parse entities: ${msg}` });
  let text = '';
  const stack: { name: string; start: number; url?: string }[] = [];
  const entities: { type: string; offset: number; length: number; url?: string }[] = [];
  const n = html.length;
  let i = 0;
  while (i < n) {
    const c = html[i]!;
    if (c === '&') {
      const e = entityAt(html, i);
      if (e) {
        text += e.char;
        i = e.end;
      } else {
        text += c;
        i += 1;
      }
      continue;
    }
    if (c !== '<') {
      text += c;
      i += 1;
      continue;
    }
    const begin = i;
    if (i + 1 >= n) return fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
    if (html[i + 1] !== '/') {
      let j = i + 1;
      while (j < n && !isSpace(html[j]) && html[j] !== '>') j++;
      if (j >= n) return fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
      const name = html.slice(i + 1, j).toLowerCase();
      if (!TELEGRAM_TAGS.has(name)) return fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(begin)}`);
      const attrs: Record<string, string> = {};
      for (;;) {
        while (j < n && isSpace(html[j])) j++;
        if (j >= n) return fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
        if (html[j] === '>') break;
        const nameStart = j;
        while (j < n && !isSpace(html[j]) && html[j] !== '=' && html[j] !== '>') j++;
        const attrName = html.slice(nameStart, j).toLowerCase();
        if (!attrName) return fail(`Empty attribute name in the tag "${name}" at byte offset ${byteOffset(begin)}`);
        while (j < n && isSpace(html[j])) j++;
        if (html[j] !== '=') return fail(`Expected equal sign in declaration of an attribute of the tag "${name}" at byte offset ${byteOffset(begin)}`);
        j++;
        while (j < n && isSpace(html[j])) j++;
        if (j >= n) return fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
        let value: string;
        const quote = html[j];
        if (quote === '"' || quote === "'") {
          const close = html.indexOf(quote, j + 1);
          if (close < 0) return fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
          value = html.slice(j + 1, close);
          j = close + 1;
        } else {
          const start = j;
          while (j < n && !isSpace(html[j]) && html[j] !== '>') j++;
          value = html.slice(start, j);
        }
        attrs[attrName] = decodeAttribute(value);
      }
      i = j + 1;
      if (name === 'span' && attrs.class !== 'tg-spoiler') return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(begin)}`);
      if (name === 'a' && stack.some((s) => s.name === 'a')) return fail(`Nested links are not allowed at byte offset ${byteOffset(begin)}`);
      stack.push({ name, start: text.length, ...(name === 'a' && attrs.href !== undefined ? { url: attrs.href } : {}) });
      continue;
    }
    let j = i + 2;
    while (j < n && html[j] !== '>') j++;
    if (j >= n) return fail(`Unclosed end tag at byte offset ${byteOffset(begin)}`);
    const endName = html.slice(i + 2, j).trim().toLowerCase();
    const open = stack.at(-1);
    if (!open) return fail(`Unexpected end tag at byte offset ${byteOffset(begin)}`);
    if (endName && endName !== open.name) return fail(`Unmatched end tag at byte offset ${byteOffset(begin)}, expected "</${open.name}>", found "</${endName}>"`);
    stack.pop();
    if (text.length > open.start) entities.push({ type: open.name, offset: open.start, length: text.length - open.start, ...(open.url !== undefined ? { url: open.url } : {}) });
    i = j + 1;
  }
  const unclosed = stack.at(-1);
  if (unclosed) return fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { ok: true, text, entities };
}
