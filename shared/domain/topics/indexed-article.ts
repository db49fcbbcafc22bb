import type { MatchField, MatchedTerm } from '../topic.js';
import { FIELDS, type AnalysedArticle } from './analyse-article.js';
import type { QueryNode, TermNode } from './query-ast.js';
import { snippetAround } from './snippet.js';
import type { TokenizedField } from './tokenize.js';

class IndexedField {
  readonly positions = new Map<string, number[]>();
  private sortedDistinct: string[] | undefined;

  constructor(readonly field: TokenizedField) {
    field.tokens.forEach((token, i) => {
      const list = this.positions.get(token.value);
      if (list) list.push(i);
      else this.positions.set(token.value, [i]);
    });
  }

  /** Index of the first token where the term's tokens appear consecutively, or -1. */
  firstOccurrence(term: TermNode): number {
    const want = term.tokens;
    if (want.length === 1 && !want[0]!.prefix) return this.positions.get(want[0]!.value)?.[0] ?? -1;
    let anchor = -1;
    let starts: readonly number[] | undefined;
    for (let j = 0; j < want.length; j++) {
      if (want[j]!.prefix) continue;
      const list = this.positions.get(want[j]!.value);
      if (!list) return -1;
      if (!starts || list.length < starts.length) {
        starts = list;
        anchor = j;
      }
    }
    if (!starts) {
      anchor = 0;
      starts = this.prefixPositions(want[0]!.value);
    }
    const tokens = this.field.tokens;
    outer: for (const p of starts) {
      const s = p - anchor;
      if (s < 0 || s + want.length > tokens.length) continue;
      for (let j = 0; j < want.length; j++) {
        if (j === anchor) continue;
        const w = want[j]!;
        const have = tokens[s + j]!.value;
        if (w.prefix ? !have.startsWith(w.value) : have !== w.value) continue outer;
      }
      return s;
    }
    return -1;
  }

  /** Positions of every token starting with `prefix`, ascending. */
  private prefixPositions(prefix: string): number[] {
    const sorted = (this.sortedDistinct ??= [...this.positions.keys()].sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const lists: number[][] = [];
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) lists.push(this.positions.get(sorted[i]!)!);
    if (lists.length === 1) return lists[0]!;
    return lists.flat().sort((a, b) => a - b);
  }
}

/** An analysed article with per-field token positions, answering term lookups for many topics. */
export class IndexedArticle {
  private readonly fields: Record<MatchField, IndexedField>;
  /** term key → does the term occur; shared by all topics that use the same term. */
  private readonly termResults = new Map<string, boolean>();

  constructor(readonly doc: AnalysedArticle) {
    this.fields = { title: new IndexedField(doc.title), text: new IndexedField(doc.text) };
  }

  /** Every distinct token of the article, both fields. */
  *distinctTokens(): Iterable<string> {
    yield* this.fields.title.positions.keys();
    for (const token of this.fields.text.positions.keys()) if (!this.fields.title.positions.has(token)) yield token;
  }

  evaluate(node: QueryNode): boolean {
    switch (node.kind) {
      case 'term': {
        let result = this.termResults.get(node.key);
        if (result === undefined) {
          result = fieldsOf(node).some((f) => this.fields[f].firstOccurrence(node) >= 0);
          this.termResults.set(node.key, result);
        }
        return result;
      }
      case 'and':
        return node.children.every((c) => this.evaluate(c));
      case 'or':
        return node.children.some((c) => this.evaluate(c));
      case 'not':
        return !this.evaluate(node.child);
    }
  }

  /** Terms of the satisfied part of the query, in query order, title before text, each (term, field) once. */
  provenance(node: QueryNode, out: MatchedTerm[] = [], seen = new Set<string>()): MatchedTerm[] {
    switch (node.kind) {
      case 'term':
        for (const field of fieldsOf(node)) {
          const id = `${field}\u0000${node.text}`;
          if (seen.has(id)) continue;
          const at = this.fields[field].firstOccurrence(node);
          if (at < 0) continue;
          seen.add(id);
          const { display, tokens } = this.doc[field];
          out.push({ term: node.text, field, snippet: snippetAround(display, tokens[at]!.start, tokens[at + node.tokens.length - 1]!.end) });
        }
        break;
      case 'and':
        for (const c of node.children) this.provenance(c, out, seen);
        break;
      case 'or':
        for (const c of node.children) if (this.evaluate(c)) this.provenance(c, out, seen);
        break;
      case 'not':
        break;
    }
    return out;
  }
}

function fieldsOf(term: TermNode): readonly MatchField[] {
  return term.field === 'any' ? FIELDS : [term.field];
}
