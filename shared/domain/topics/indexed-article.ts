import type { MatchField, MatchedTerm } from '../topic.js';
import { FIELDS, type AnalysedArticle } from './analyse-article.js';
import type { QueryNode, TermNode } from './query-ast.js';
import { matchedTerm } from './matched-term.js';
import type { TokenizedField } from './tokenize.js';

/**
 * A field's tokens indexed for lookups: the first position of each distinct token, and for every
 * position the next position of the same token (-1 at the last), so no list is built per token.
 */
class IndexedField {
  /** Distinct token → its slot in `firstAt`. */
  readonly slots = new Map<string, number>();
  private readonly firstAt: number[] = [];
  private readonly next: Int32Array;

  constructor(readonly field: TokenizedField) {
    const values = field.values;
    const next = (this.next = new Int32Array(values.length).fill(-1));
    const lastAt: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      const slot = this.slots.get(value);
      if (slot === undefined) {
        this.slots.set(value, this.firstAt.length);
        this.firstAt.push(i);
        lastAt.push(i);
      } else {
        next[lastAt[slot]!] = i;
        lastAt[slot] = i;
      }
    }
  }

  /** First position of the token, or -1. */
  firstOf(value: string): number {
    const slot = this.slots.get(value);
    return slot === undefined ? -1 : this.firstAt[slot]!;
  }

  /** Index of the first token where the term's tokens appear consecutively, or -1. */
  firstOccurrence(term: TermNode): number {
    const want = term.tokens;
    if (want.length === 1 && !want[0]!.prefix) return this.firstOf(want[0]!.value);
    const anchor = want.findIndex((t) => !t.prefix);
    if (anchor < 0) {
      // Only prefixes: scan the tokens (cheaper than sorting the distinct tokens for a range lookup).
      const first = want[0]!.value;
      const values = this.field.values;
      for (let p = 0; p < values.length; p++) if (values[p]!.startsWith(first) && this.alignedAt(term, p)) return p;
      return -1;
    }
    for (let p = this.firstOf(want[anchor]!.value); p >= 0; p = this.next[p]!) {
      if (p >= anchor && this.alignedAt(term, p - anchor)) return p - anchor;
    }
    return -1;
  }

  private alignedAt(term: TermNode, start: number): boolean {
    const want = term.tokens;
    const values = this.field.values;
    if (start + want.length > values.length) return false;
    for (let j = 0; j < want.length; j++) {
      const w = want[j]!;
      const have = values[start + j]!;
      if (w.prefix ? !have.startsWith(w.value) : have !== w.value) return false;
    }
    return true;
  }
}

/** Where in the text field a match starts, as provenance (the page paragraph it is in); {} when nothing to add. */
export type LocateText = (display: string, start: number) => Pick<MatchedTerm, 'source' | 'paragraph'>;

/** An analysed article with per-field token positions, answering term lookups for many topics. */
export class IndexedArticle {
  readonly fields: Record<MatchField, IndexedField>;
  /** term key → does the term occur; shared by all topics that use the same term. */
  private readonly termResults = new Map<string, boolean>();

  constructor(
    readonly doc: AnalysedArticle,
    private readonly locateText?: LocateText,
  ) {
    this.fields = { title: new IndexedField(doc.title), text: new IndexedField(doc.text) };
  }

  evaluate(node: QueryNode): boolean {
    switch (node.kind) {
      case 'term': {
        let result = this.termResults.get(node.key);
        if (result === undefined) {
          result = node.field === 'any' ? this.fields.title.firstOccurrence(node) >= 0 || this.fields.text.firstOccurrence(node) >= 0 : this.fields[node.field].firstOccurrence(node) >= 0;
          this.termResults.set(node.key, result);
        }
        return result;
      }
      case 'and':
        for (const c of node.children) if (!this.evaluate(c)) return false;
        return true;
      case 'or':
        for (const c of node.children) if (this.evaluate(c)) return true;
        return false;
      case 'not':
        return !this.evaluate(node.child);
    }
  }

  /** Terms of the satisfied part of the query, in query order, title before text, each (term, field) once. */
  provenance(node: QueryNode, out: MatchedTerm[] = [], seen = new Set<string>()): MatchedTerm[] {
    switch (node.kind) {
      case 'term':
        for (const field of node.field === 'any' ? FIELDS : [node.field]) {
          const id = `${field}\u0000${node.text}`;
          if (seen.has(id)) continue;
          const at = this.fields[field].firstOccurrence(node);
          if (at < 0) continue;
          seen.add(id);
          const { display, starts, ends } = this.doc[field];
          const term = matchedTerm(node, field, display, starts[at]!, ends[at + node.tokens.length - 1]!);
          if (field === 'text' && this.locateText) Object.assign(term, this.locateText(display, starts[at]!));
          out.push(term);
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
