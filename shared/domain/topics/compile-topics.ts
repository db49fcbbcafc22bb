import type { Topic } from '../topic.js';
import { parseQuery, parseQueryForIndex } from './parse-query.js';
import type { QueryNode } from './query-ast.js';
import { forEachRequiredTerm } from './required-terms.js';

/** What the index needs of a topic; a full Topic (from the config) fits. */
export type TopicQuery = Pick<Topic, 'id' | 'query'> & { name?: string };

export interface CompiledTopic {
  readonly id: string;
  readonly name: string;
  readonly query: string;
  readonly ast: QueryNode;
}

/**
 * A validated topic whose syntax tree is rebuilt on first use: compiling keeps only the index, so
 * compiling many topics leaves little for the garbage collector, and only topics that ever become
 * candidates hold a tree.
 */
class IndexedTopic implements CompiledTopic {
  private parsed: QueryNode | undefined;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly query: string,
  ) {}

  get ast(): QueryNode {
    return (this.parsed ??= parseQuery(this.query, this.id));
  }
}

/** Topic positions: a single number for the common case of one topic per key. */
export type TopicList = number | number[];

/** Every topic's query, and one index from required terms to the topics that need them. */
export interface CompiledTopics {
  /** Sorted by id; index positions are what the maps below hold. */
  readonly topics: readonly CompiledTopic[];
  /** Whole token → topics that require it (topic positions, ascending). */
  readonly exact: ReadonlyMap<string, TopicList>;
  /**
   * Hash of a token prefix (see prefixHash) → topics that require a token starting with it. Hashes spare
   * slicing every token at every prefix length; a collision only adds a candidate, which verification drops.
   */
  readonly prefixes: ReadonlyMap<number, TopicList>;
  /** `prefixLengthUsed[n]` is 1 when some prefix key is n UTF-16 units long. */
  readonly prefixLengthUsed: Uint8Array;
  readonly minPrefixLength: number;
  /** Bit set of startGateIndex(key) over prefix keys: tokens whose start is not in it skip the prefix lookups. */
  readonly prefixStarts: Uint8Array;
}

/** Parses every query and builds the index. Throws QueryError (with the topic id) on an invalid query. */
export function compileTopics(topics: readonly TopicQuery[]): CompiledTopics {
  const sorted = isSortedById(topics) ? topics : [...topics].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const compiled: CompiledTopic[] = [];
  const exact = new Map<string, TopicList>();
  const prefixes = new Map<number, TopicList>();
  const prefixLengths = new Set<number>();
  const prefixStarts = new Uint8Array(GATE_SIZE >>> 3);
  for (let i = 0; i < sorted.length; i++) {
    const topic = sorted[i]!;
    if (i > 0 && sorted[i - 1]!.id === topic.id) throw new Error(`duplicate topic id "${topic.id}"`);
    compiled.push(new IndexedTopic(topic.id, topic.name ?? topic.id, topic.query));
    forEachRequiredTerm(parseQueryForIndex(topic.query, topic.id), (token) => {
      if (token.prefix) {
        prefixLengths.add(token.value.length);
        if (token.value.length < 2) prefixStarts.fill(0xff); // a one-character prefix: no gate
        else {
          const gate = startGateIndex(token.value);
          prefixStarts[gate >>> 3]! |= 1 << (gate & 7);
        }
        addTo(prefixes, prefixHash(token.value, token.value.length), i);
      } else {
        addTo(exact, token.value, i);
      }
    });
  }
  const prefixLengthUsed = new Uint8Array(Math.max(0, ...prefixLengths) + 1);
  for (const length of prefixLengths) prefixLengthUsed[length] = 1;
  return { topics: compiled, exact, prefixes, prefixLengthUsed, minPrefixLength: Math.min(Infinity, ...prefixLengths), prefixStarts };
}

function addTo<K>(map: Map<K, TopicList>, key: K, topic: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, topic);
  else if (typeof list === 'number') {
    if (list !== topic) map.set(key, [list, topic]);
  } else if (list[list.length - 1] !== topic) list.push(topic);
}

const GATE_SIZE = 1 << 16;

/** A bucket for the first two UTF-16 units of a token (prefix keys have at least two). */
export function startGateIndex(token: string): number {
  return (token.charCodeAt(0) * 31 + token.charCodeAt(1)) & (GATE_SIZE - 1);
}

/** FNV-1a over the first `length` UTF-16 units; the matcher computes it incrementally the same way. */
export function prefixHash(text: string, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

function isSortedById(topics: readonly TopicQuery[]): boolean {
  for (let i = 1; i < topics.length; i++) if (!(topics[i - 1]!.id < topics[i]!.id)) return false;
  return true;
}
