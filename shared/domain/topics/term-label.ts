import type { MatchedTerm } from '../topic.js';
import { CLOSING_QUOTE } from './quotes.js';

/**
 * A matched term as a reader should see it: words, not query syntax. The words the article had where a prefix term
 * matched (`Карабах*` → "Карабаха"), else the term as written without its quotes and `*` ("Collective Security
 * Treaty Organization", "Карабах"): matches recorded before the words were kept have only the term.
 */
export function termLabel(t: Pick<MatchedTerm, 'term' | 'words'>): string {
  const words = t.words?.replace(/\s+/g, ' ').trim();
  if (words) return words;
  return withoutQuerySyntax(t.term);
}

/** `"exact phrase"` → `exact phrase`, `Карабах*` → `Карабах`; what is left when nothing else is, the text itself. */
export function withoutQuerySyntax(term: string): string {
  let text = term.trim();
  const close = CLOSING_QUOTE[text[0] ?? ''];
  if (close && text.length > 1 && (text.endsWith(close) || (text[0] === '\u201E' && text.endsWith('\u201D')))) text = text.slice(1, -1);
  const words = text.replace(/\*/g, ' ').replace(/\s+/g, ' ').trim();
  return words || term.trim();
}
