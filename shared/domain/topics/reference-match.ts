import type { MatchField, MatchedTerm } from '../topic.js';
import { analyseArticle, FIELDS, type AnalysedArticle, type MatchableArticle } from './analyse-article.js';
import { parseQuery } from './parse-query.js';
import type { QueryNode, TermNode } from './query-ast.js';
import { matchedTerm } from './matched-term.js';

export interface ReferenceResult {
  matched: boolean;
  /** Provenance, as matchArticle reports it; empty when not matched. */
  terms: MatchedTerm[];
}

/**
 * The naive matcher: evaluates one query directly against the article, scanning tokens for every term.
 * It defines the semantics the index-based matcher (matchArticle) must reproduce, and is its baseline
 * in the benchmark. Pass an AnalysedArticle to evaluate many queries without tokenizing again.
 */
export function referenceMatch(query: string | QueryNode, article: MatchableArticle | AnalysedArticle): ReferenceResult {
  const ast = typeof query === 'string' ? parseQuery(query) : query;
  const doc = isAnalysed(article) ? article : analyseArticle(article);
  if (!evaluate(ast, doc)) return { matched: false, terms: [] };
  const terms: MatchedTerm[] = [];
  collect(ast, doc, terms, new Set());
  return { matched: true, terms };
}

function evaluate(node: QueryNode, doc: AnalysedArticle): boolean {
  switch (node.kind) {
    case 'term':
      return fieldsOf(node).some((f) => firstOccurrence(node, doc[f].values) >= 0);
    case 'and':
      return node.children.every((c) => evaluate(c, doc));
    case 'or':
      return node.children.some((c) => evaluate(c, doc));
    case 'not':
      return !evaluate(node.child, doc);
  }
}

/** Terms of the satisfied part of the query, in query order, title before text, each (term, field) once. */
function collect(node: QueryNode, doc: AnalysedArticle, out: MatchedTerm[], seen: Set<string>): void {
  switch (node.kind) {
    case 'term':
      for (const field of fieldsOf(node)) {
        const { values, starts, ends, display } = doc[field];
        const at = firstOccurrence(node, values);
        const id = `${field}\u0000${node.text}`;
        if (at < 0 || seen.has(id)) continue;
        seen.add(id);
        out.push(matchedTerm(node, field, display, starts[at]!, ends[at + node.tokens.length - 1]!));
      }
      return;
    case 'and':
      for (const c of node.children) collect(c, doc, out, seen);
      return;
    case 'or':
      for (const c of node.children) if (evaluate(c, doc)) collect(c, doc, out, seen);
      return;
    case 'not':
      return;
  }
}

function fieldsOf(term: TermNode): readonly MatchField[] {
  return term.field === 'any' ? FIELDS : [term.field];
}

function firstOccurrence(term: TermNode, tokens: string[]): number {
  const n = term.tokens.length;
  outer: for (let i = 0; i + n <= tokens.length; i++) {
    for (let j = 0; j < n; j++) {
      const want = term.tokens[j]!;
      const have = tokens[i + j]!;
      if (want.prefix ? !have.startsWith(want.value) : have !== want.value) continue outer;
    }
    return i;
  }
  return -1;
}

function isAnalysed(article: MatchableArticle | AnalysedArticle): article is AnalysedArticle {
  return typeof article.title !== 'string';
}
