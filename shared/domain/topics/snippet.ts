const CONTEXT_CHARS = 60;

/**
 * A short excerpt of `display` around [start, end): about 60 characters each side, cut at whitespace,
 * whitespace runs collapsed, with "…" where text was left out.
 */
export function snippetAround(display: string, start: number, end: number): string {
  let from = Math.max(0, start - CONTEXT_CHARS);
  let to = Math.min(display.length, end + CONTEXT_CHARS);
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
