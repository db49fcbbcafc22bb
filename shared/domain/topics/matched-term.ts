import type { MatchField, MatchedTerm } from '../topic.js';
import type { TermNode } from './query-ast.js';
import { snippetAround } from './snippet.js';

/** Provenance of a term found at [start, end) of a field's display text; a prefix term keeps the words it matched. */
export function matchedTerm(node: TermNode, field: MatchField, display: string, start: number, end: number): MatchedTerm {
  const term: MatchedTerm = { term: node.text, field, snippet: snippetAround(display, start, end) };
  if (node.tokens.some((t) => t.prefix)) {
    const words = display.slice(start, end).replace(/\s+/gu, ' ').trim();
    if (words) term.words = words;
  }
  return term;
}
