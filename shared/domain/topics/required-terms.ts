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
  const cover = coverOf(node);
  if (!cover) throw new Error('query has no required term (parseQuery should have refused it)');
  return cover.keys;
}

interface Cover {
  keys: IndexKey[];
  cost: number;
}

function coverOf(node: QueryNode): Cover | undefined {
  switch (node.kind) {
    case 'term': {
      let best: TermToken | undefined;
      let bestCost = Infinity;
      for (const token of node.tokens) {
        const cost = keyCost(token);
        if (cost < bestCost) {
          best = token;
          bestCost = cost;
        }
      }
      return { keys: [{ value: best!.value, prefix: best!.prefix }], cost: bestCost };
    }
    case 'and': {
      let best: Cover | undefined;
      for (const child of node.children) {
        const cover = coverOf(child);
        if (cover && (!best || cover.cost < best.cost)) best = cover;
      }
      return best;
    }
    case 'or': {
      const keys: IndexKey[] = [];
      let cost = 0;
      for (const child of node.children) {
        const cover = coverOf(child);
        if (!cover) return undefined;
        keys.push(...cover.keys);
        cost += cover.cost;
      }
      return { keys, cost };
    }
    case 'not':
      return undefined;
  }
}

/**
 * Guessed share of articles containing the key, in arbitrary units (no corpus statistics at compile
 * time): function words are common, short words more common than long ones, prefixes more than words.
 */
function keyCost(token: TermToken): number {
  const length = [...token.value].length;
  if (token.prefix) return 4 + 24 / length;
  if (COMMON_WORDS.has(token.value)) return 100;
  return 1 + 8 / length;
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
