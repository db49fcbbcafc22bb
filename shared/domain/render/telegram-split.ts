/**
 * Splits Telegram HTML into messages under the length limit, never inside a tag, an entity or a surrogate pair,
 * closing open tags at the end of a part and reopening them at the start of the next. Prefers line breaks, then spaces.
 */

export const TELEGRAM_MAX_LENGTH = 4096;

type Token = { kind: 'open'; raw: string; name: string } | { kind: 'close'; raw: string; name: string } | { kind: 'text'; raw: string; visible: boolean };

// A tag, an entity, or one code point (the `u` flag keeps surrogate pairs together).
const TOKEN = /<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);|[\s\S]/gu;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const m of html.matchAll(TOKEN)) {
    const raw = m[0];
    if (m[1] !== undefined) tokens.push({ kind: raw[1] === '/' ? 'close' : 'open', raw, name: m[1].toLowerCase() });
    else tokens.push({ kind: 'text', raw, visible: !/^\s$/u.test(raw) });
  }
  return tokens;
}

type Open = { name: string; raw: string };

const closers = (stack: Open[]) => stack.map((o) => `</${o.name}>`).reverse().join('');
const closersLength = (stack: Open[]) => stack.reduce((n, o) => n + o.name.length + 3, 0);

function apply(stack: Open[], tok: Token): Open[] {
  if (tok.kind === 'open') return [...stack, { name: tok.name, raw: tok.raw }];
  if (tok.kind === 'close') return stack.slice(0, -1);
  return stack;
}

/** Parts of `html`, each at most `limit` UTF-16 code units (so also at most `limit` characters after parsing). */
export function splitTelegramHtml(html: string, limit = TELEGRAM_MAX_LENGTH): string[] {
  if (html.length <= limit) return html.trim() ? [html] : [];
  const tokens = tokenize(html);
  const parts: string[] = [];
  let stack: Open[] = [];
  let i = 0;
  while (i < tokens.length) {
    // Leading whitespace of a continuation part is noise.
    while (i < tokens.length && tokens[i]!.kind === 'text' && !(tokens[i] as { visible: boolean }).visible && parts.length > 0) i++;
    if (i >= tokens.length) break;
    const prefix = stack.map((o) => o.raw).join('');
    let s = stack;
    let len = prefix.length;
    let j = i;
    let newlineBreak = -1;
    let spaceBreak = -1;
    while (j < tokens.length) {
      const tok = tokens[j]!;
      const next = apply(s, tok);
      if (len + tok.raw.length + closersLength(next) > limit) break;
      len += tok.raw.length;
      s = next;
      j++;
      if (tok.kind === 'text' && tok.raw === '\n') newlineBreak = j;
      else if (tok.kind === 'text' && !tok.visible) spaceBreak = j;
    }
    if (j === i) throw new Error(`splitTelegramHtml: limit ${limit} too small for the open tags`);
    let end = j;
    if (j < tokens.length) {
      const span = j - i;
      if (newlineBreak > i + span / 2) end = newlineBreak;
      else if (spaceBreak > i + span * 0.7) end = spaceBreak;
    }
    let endStack = stack;
    for (let k = i; k < end; k++) endStack = apply(endStack, tokens[k]!);
    const body = tokens.slice(i, end);
    if (body.some((t) => t.kind === 'text' && t.visible)) {
      parts.push(`${prefix}${body.map((t) => t.raw).join('')}${closers(endStack)}`.replace(/\s+$/u, ''));
    }
    stack = endStack;
    i = end;
  }
  return parts;
}
