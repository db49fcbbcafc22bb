/** Per feed: fetch article pages when the feed's text looks like a summary (auto), for every item, or never. */
export type FullTextMode = 'auto' | 'always' | 'never';

/** Feed text shorter than this (in characters) is taken for a summary: a full article runs to thousands. */
export const SUMMARY_MAX_CHARS = 600;

/** "…", "...", "[…]", "[...]", "(…)", "Read more" and "Continue reading" at the end mark a cut-off excerpt. */
const CUT_OFF = /(?:…|\.\.\.|\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|\b(?:read more|continue reading)\b[\s»›→.:]*)\s*$/iu;

/** Whether an item's feed text (its summary, and its full content when the feed carries one) is only a summary. */
export function looksLikeSummary(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length < SUMMARY_MAX_CHARS || CUT_OFF.test(trimmed);
}

/** Whether to fetch the article page of an item: it has a link, and the feed's mode (and its text) say so. */
export function wantsFullText(mode: FullTextMode, item: { link?: string; summary: string; content?: string }): boolean {
  if (mode === 'never' || !item.link) return false;
  if (mode === 'always') return true;
  return looksLikeSummary(item.content && item.content.length > item.summary.length ? item.content : item.summary);
}
