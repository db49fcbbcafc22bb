/** Where a term may match: both fields (the default), or only the title or the text. */
export type FieldScope = 'any' | 'title' | 'text';

/** One folded word of a term; `prefix` when written with a trailing `*`. */
export interface TermToken {
  value: string;
  prefix: boolean;
  /** Written with a capital first letter (`Karabakh`, `CSTO`): likely a name, so likely rarer than `summit`. */
  capitalised?: boolean;
}

/**
 * A word, a prefix or an "exact phrase": a sequence of tokens that must appear consecutively.
 * A bare word that tokenizes into several tokens (`Nagorno-Karabakh`) is a phrase.
 */
export interface TermNode {
  kind: 'term';
  tokens: TermToken[];
  field: FieldScope;
  /** The term as written in the query (without its field scope), shown in provenance. */
  text: string;
  /** Identifies the term's meaning (field, tokens), so equal terms share one evaluation per article. */
  key: string;
  position: number;
}

export interface AndNode {
  kind: 'and';
  children: QueryNode[];
  position: number;
}

export interface OrNode {
  kind: 'or';
  children: QueryNode[];
  position: number;
}

export interface NotNode {
  kind: 'not';
  child: QueryNode;
  position: number;
}

export type QueryNode = TermNode | AndNode | OrNode | NotNode;
