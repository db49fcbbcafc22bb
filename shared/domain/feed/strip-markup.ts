import { ForwardSearch } from './forward-search.js';
import { isKnownElement } from './html-elements.js';

/** Elements whose content is never text a reader sees. */
const DROPPED_OPEN = /<(script|style|head|title|noscript|template|iframe|object|embed|applet|svg|math)\b/gi;
const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'td', 'th', 'table', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'section', 'article', 'header', 'footer', 'figure', 'figcaption', 'dd', 'dt', 'dl', 'img']);

const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x3a || c === 0x5f || c === 0x2d;
}

interface Tag {
  end: number;
  name: string;
}

const ALT = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)')/i;

/** Alt text is what a reader without images sees (and words a topic may match); block-level tags separate words. */
function replacement(text: string, start: number, tag: Tag): string {
  if (tag.name === 'img') {
    const alt = ALT.exec(text.slice(start, tag.end));
    return alt ? ` ${(alt[1] ?? alt[2] ?? '').replace(/[<>]/g, ' ')} ` : ' ';
  }
  return BLOCK.has(tag.name) ? ' ' : '';
}

/**
 * Markup read as text, as a reader sees it: elements that hold no readable text (scripts, styles, …) are dropped with
 * their content when they are closed, tags are removed, block-level tags become a space (words never run together),
 * an image becomes its alt text, then declarations (`<!…>`, `<?…>`) become a space; a `<` that starts nothing complete
 * is text. Comments and CDATA sections are the caller's to remove first.
 */
export function stripMarkup(text: string, opts: { unknownTagsAreText?: boolean } = {}): string {
  return stripDeclarations(stripTags(stripDropped(text), opts.unknownTagsAreText ?? false));
}

/** `<script …>…</script>` and the like, each a space; an element that is never closed stays (its tags go later). */
function stripDropped(text: string): string {
  const gt = new ForwardSearch(text, '>');
  const closers = new Map<string, ForwardSearch>();
  const open = new RegExp(DROPPED_OPEN);
  let out = '';
  let copied = 0;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const openEnd = gt.next(m.index + m[0].length);
    if (openEnd < 0) break; // no `>` anywhere after: nothing more can be dropped
    const name = m[1]!.toLowerCase();
    let closer = closers.get(name);
    if (!closer) closers.set(name, (closer = new ForwardSearch(text, new RegExp(`</${name}\\s*>`, 'i'))));
    const close = closer.next(openEnd + 1);
    if (close < 0) continue;
    out += `${text.slice(copied, m.index)} `;
    copied = open.lastIndex = close + closer.length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * A tag is `<`, an optional `/`, a name, attributes (a value quoted, or unquoted), and `>` or `/>`. When a quoted value is
 * not followed by what may follow a value, it is read as unquoted (`href="x"y` is one value).
 *
 * Linear by construction: every look-ahead for a quote or `>` goes through a ForwardSearch, and a tag that fails leaves
 * behind where each of its attribute names and unquoted values started. What follows such a token depends only on
 * where it starts, so a later tag that reaches one of those starts fails there too, without reading on. An attribute
 * name or an unquoted value can only start after a space, a `=` or at a quote, so each character is read a bounded
 * number of times (`<a <a <a …` is read once, not once per `<`).
 */
function stripTags(text: string, unknownTagsAreText: boolean): string {
  const scan: TagScan = {
    text,
    quotes: { [DQUOTE]: new ForwardSearch(text, '"'), [SQUOTE]: new ForwardSearch(text, "'") },
    starts: [],
    failedStarts: undefined,
  };
  let out = '';
  let copied = 0;
  let lt = text.indexOf('<');
  while (lt >= 0) {
    const next = lt + 1;
    const c = text.charCodeAt(next);
    const tag = isLetter(c) || (c === SLASH && isLetter(text.charCodeAt(next + 1))) ? readTag(scan, lt) : undefined;
    let end = -1;
    if (tag && unknownTagsAreText && !isKnownElement(tag.name)) {
      end = tag.end; // kept as text, and not read again: what follows it is read from its end, as after a tag
    } else if (tag) {
      out += text.slice(copied, lt) + replacement(text, lt, tag);
      copied = end = tag.end;
    }
    lt = text.indexOf('<', Math.max(end, next));
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** `<!…>` and `<?…>` up to the next `>`, each a space; once no `>` follows, none can end. */
function stripDeclarations(text: string): string {
  const declaration = /<[!?]/g;
  let out = '';
  let copied = 0;
  for (let m = declaration.exec(text); m; m = declaration.exec(text)) {
    const close = text.indexOf('>', m.index + 2);
    if (close < 0) break;
    out += `${text.slice(copied, m.index)} `;
    copied = declaration.lastIndex = close + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

interface TagScan {
  text: string;
  quotes: Record<number, ForwardSearch>;
  /** Where the tag being read started its attribute names and unquoted values (a kind bit each). */
  starts: number[];
  /** Those starts of every tag that failed, as kind bits per position (allocated at the first failure). */
  failedStarts: Uint8Array | undefined;
}

const NAME_START = 1;
const VALUE_START = 2;

/** Records a token start of the tag being read; false when a tag that failed had the same token there. */
function enter(scan: TagScan, position: number, kind: number): boolean {
  if (scan.failedStarts && scan.failedStarts[position]! & kind) return false;
  scan.starts.push(position * 4 + kind);
  return true;
}

function fail(scan: TagScan): undefined {
  const failed = (scan.failedStarts ??= new Uint8Array(scan.text.length + 1));
  for (const start of scan.starts) failed[start >>> 2]! |= start & 3;
  scan.starts.length = 0;
  return undefined;
}

function succeed(scan: TagScan, tag: Tag): Tag {
  scan.starts.length = 0;
  return tag;
}

/** The tag starting at `start` (a `<`), or undefined when none does. */
function readTag(scan: TagScan, start: number): Tag | undefined {
  const { text } = scan;
  let i = start + 1;
  if (text.charCodeAt(i) === SLASH) i++;
  const nameStart = i;
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  const name = text.slice(nameStart, i).toLowerCase();
  for (;;) {
    const spaceStart = i;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (c === GT) return succeed(scan, { end: i + 1, name });
    if (c === SLASH && text.charCodeAt(i + 1) === GT) return succeed(scan, { end: i + 2, name });
    if (i === spaceStart || i >= text.length || isAttributeNameEnd(c) || !enter(scan, i, NAME_START)) return fail(scan);
    while (i < text.length && !isAttributeNameEnd(text.charCodeAt(i))) i++;
    let j = i;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== EQUALS) continue;
    j++;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    const value = readValue(scan, j);
    if (value === undefined) return fail(scan);
    i = value.end;
  }
}

function isAttributeNameEnd(c: number): boolean {
  return isSpace(c) || c === EQUALS || c === GT || c === SLASH;
}

/** An attribute value at `start`: quoted when the quote closes and a value may end there, else unquoted (up to space or `>`). */
function readValue(scan: TagScan, start: number): { end: number } | undefined {
  const { text } = scan;
  const q = text.charCodeAt(start);
  if (q === DQUOTE || q === SQUOTE) {
    const close = scan.quotes[q]!.next(start + 1);
    if (close >= 0) {
      const after = text.charCodeAt(close + 1);
      if (isSpace(after) || after === GT || (after === SLASH && text.charCodeAt(close + 2) === GT)) return { end: close + 1 };
    }
  }
  if (!enter(scan, start, VALUE_START)) return undefined;
  let i = start;
  while (i < text.length && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== GT) i++;
  return i === start ? undefined : { end: i };
}
