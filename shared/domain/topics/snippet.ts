const CONTEXT_CHARS = 60;

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * A short excerpt of `display` around [start, end): about 60 characters each side, cut at whitespace,
 * whitespace runs collapsed, with "…" where text was left out. A cut never splits a surrogate pair: half
 * of one is a character SQS and XML refuse.
 */
export function snippetAround(display: string, start: number, end: number): string {
  let from = Math.max(0, start - CONTEXT_CHARS);
  let to = Math.min(display.length, end + CONTEXT_CHARS);
  if (from > 0 && isLowSurrogate(display.charCodeAt(from))) from -= 1;
  if (to < display.length && isLowSurrogate(display.charCodeAt(to))) to += 1;
  if (from > 0) {
    const space = display.slice(from, start).search(/\s/u);
    if (space >= 0) from += space + 1;
  }
  if (to < display.length) {
    const tail = display.slice(end, to);
    const lastSpace = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'), tail.lastIndexOf('\t'));
    if (lastSpace >= 0) to = end + lastSpace;
  }
  const body = display.slice(from, to).replace(/\s+/gu, ' ').trim();
  return `${from > 0 ? '…' : ''}${body}${to < display.length ? '…' : ''}`;
}
