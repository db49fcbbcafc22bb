import { type ArticleSignature, crossesLanguages, isSpecific, keyKind, type KeyKind } from './signature.js';

export interface SharedKey {
  key: string;
  kind: KeyKind;
  /** The new article's words for it. */
  label: string;
  weight: number;
  /** 1 for a name, number or date few stories share; less the more stories hold it (see `rarity`). */
  rarity: number;
}

export interface Similarity {
  /** Cosine of the weighted keys, 0..1; across languages, of the keys that cross languages only. */
  score: number;
  crossLanguage: boolean;
  shared: SharedKey[];
}

/** How many stories of the window hold a key (names, numbers and dates only; other keys are not counted). */
export type StoryFrequency = (key: string) => number;

/**
 * What a shared name, number or date is worth, by how many stories of the window hold it: full for up to two stories,
 * then falling as 2/n. "Armenia" in a hundred stories says little about which event two articles report.
 */
export function rarity(storiesHolding: number): number {
  return storiesHolding <= 2 ? 1 : 2 / storiesHolding;
}

/** Key → position, per signature: a new article is compared with many recorded ones. */
const positionCache = new WeakMap<ArticleSignature, Map<string, number>>();

function positionsOf(signature: ArticleSignature): Map<string, number> {
  let positions = positionCache.get(signature);
  if (!positions) {
    positions = new Map(signature.keys.map((key, i) => [key, i]));
    positionCache.set(signature, positions);
  }
  return positions;
}

/** How alike a new article (`a`) and a recorded one (`b`) are, and the keys that make them so (`a`'s labels). */
export function similarity(a: ArticleSignature, b: ArticleSignature, frequency?: StoryFrequency): Similarity {
  const crossLanguage = a.script !== b.script;
  const normA = crossLanguage ? a.crossNorm : a.norm;
  const normB = crossLanguage ? b.crossNorm : b.norm;
  const shared: SharedKey[] = [];
  if (normA === 0 || normB === 0) return { score: 0, crossLanguage, shared };
  const positions = positionsOf(a);
  let dot = 0;
  for (let j = 0; j < b.keys.length; j++) {
    const key = b.keys[j]!;
    const i = positions.get(key);
    if (i === undefined || (crossLanguage && !crossesLanguages(key))) continue;
    const r = frequency && isSpecific(key) ? rarity(frequency(key)) : 1;
    dot += a.weights[i]! * b.weights[j]! * r;
    shared.push({ key, kind: keyKind(key), label: a.labels[i]!, weight: a.weights[i]! * r, rarity: r });
  }
  return { score: dot / (normA * normB), crossLanguage, shared };
}

/** Evidence lines, heaviest first: `name Pashinyan`, `date 3 December`, `term shelling`. */
export function describeEvidence(shared: readonly SharedKey[], limit = 10): string[] {
  return [...shared]
    .sort((x, y) => y.weight - x.weight)
    .slice(0, limit)
    .map((s) => `${s.kind} ${s.label}`);
}
