import type { QueryNode, TermToken } from './query-ast.js';

/** A term the index looks up: a whole token, or a token prefix (from `word*`). */
export interface IndexKey {
  value: string;
  prefix: boolean;
}

/**
 * The required terms of a query: a set of keys such that every article the query matches contains at
 * least one of them. Only topics with a key among an article's tokens need verifying.
 * AND needs just one child's keys (the cheapest); OR needs every child's; NOT contributes none.
 * parseQuery guarantees every query has such a set.
 */
export function requiredTerms(node: QueryNode): IndexKey[] {
  const keys: IndexKey[] = [];
  forEachRequiredTerm(node, (token) => keys.push({ value: token.value, prefix: token.prefix }));
  return keys;
}

/** Calls `emit` with each required term (see requiredTerms) without building intermediate lists. */
export function forEachRequiredTerm(node: QueryNode, emit: (token: TermToken) => void): void {
  switch (node.kind) {
    case 'term':
      emit(bestToken(node.tokens));
      return;
    case 'and': {
      let best: QueryNode | undefined;
      let bestCost = Infinity;
      for (const child of node.children) {
        const cost = coverCost(child);
        if (cost < bestCost) {
          best = child;
          bestCost = cost;
        }
      }
      if (!best) throw new Error('query has no required term (parseQuery should have refused it)');
      forEachRequiredTerm(best, emit);
      return;
    }
    case 'or':
      for (const child of node.children) forEachRequiredTerm(child, emit);
      return;
    case 'not':
      throw new Error('query has no required term (parseQuery should have refused it)');
  }
}

/** The estimated cost of the cheapest set of required terms; Infinity when there is none. */
function coverCost(node: QueryNode): number {
  switch (node.kind) {
    case 'term':
      return keyCost(bestToken(node.tokens));
    case 'and': {
      let best = Infinity;
      for (const child of node.children) best = Math.min(best, coverCost(child));
      return best;
    }
    case 'or': {
      let sum = 0;
      for (const child of node.children) sum += coverCost(child);
      return sum;
    }
    case 'not':
      return Infinity;
  }
}

function bestToken(tokens: TermToken[]): TermToken {
  let best = tokens[0]!;
  let bestCost = keyCost(best);
  for (let i = 1; i < tokens.length; i++) {
    const cost = keyCost(tokens[i]!);
    if (cost < bestCost) {
      best = tokens[i]!;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * Guessed share of articles containing the key, in arbitrary units (no corpus statistics at compile
 * time): function words are common, short words more common than long ones, prefixes more than words,
 * and words the admin wrote with a capital (names, acronyms) rarer than lower-case ones.
 */
function keyCost(token: TermToken): number {
  const length = token.value.length;
  const word = COMMON_WORDS.has(token.value) ? 100 : 1 + 8 / length;
  const base = token.prefix ? word * 1.5 : word;
  return token.capitalised ? base / 2 : base;
}

const COMMON_WORDS = new Set(
  (
    'a an and are as at be by for from has have he in is it its of on or that the to was were will with ' +
    'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему ' +
    'der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch es an ' +
    'le la les de des du un une et en est que qui dans pour pas sur au aux ' +
    'el la los las de del y en que un una por con para es'
  ).split(' '),
);
