/**
 * The stored size cap of an article's page text, in UTF-8 bytes. It sits on the article item (so backtests see what
 * the poller matched): 16 KB is 2,500 English words or 1,300 Russian ones, and keeps the item under 17 KB, 17 write
 * units once and 2.5 read units (eventually consistent) per read, against 1 and 0.5 for an article without it.
 */
export const PAGE_TEXT_MAX_BYTES = 16 * 1024;

const PARAGRAPH_BREAK = '\n\n';
const encoder = new TextEncoder();

/**
 * Paragraphs as one text, one blank line between them, cut to `maxBytes` of UTF-8: at a paragraph's end where one
 * fits, else inside the paragraph at a character boundary. The text is matched and stored as cut, so a backtest
 * over stored articles sees exactly what the poller matched.
 */
export function joinPageText(paragraphs: readonly string[], maxBytes = PAGE_TEXT_MAX_BYTES): { text: string; truncated: boolean } {
  const kept: string[] = [];
  let bytes = 0;
  for (const paragraph of paragraphs) {
    const clean = paragraph.replace(/\s+/gu, ' ').trim();
    if (!clean) continue;
    const cost = encoder.encode(clean).length + (kept.length ? PARAGRAPH_BREAK.length : 0);
    if (bytes + cost <= maxBytes) {
      kept.push(clean);
      bytes += cost;
      continue;
    }
    const room = maxBytes - bytes - (kept.length ? PARAGRAPH_BREAK.length : 0);
    if (room > 0) kept.push(cutToBytes(clean, room));
    return { text: kept.join(PARAGRAPH_BREAK), truncated: true };
  }
  return { text: kept.join(PARAGRAPH_BREAK), truncated: false };
}

/** The longest prefix of `text` within `maxBytes` of UTF-8, never half a surrogate pair. */
function cutToBytes(text: string, maxBytes: number): string {
  const { read } = encoder.encodeInto(text, new Uint8Array(maxBytes));
  return text.slice(0, read).trimEnd();
}

/** The paragraphs of a stored page text. */
export function pageParagraphs(text: string): string[] {
  return text.split(PARAGRAPH_BREAK);
}
