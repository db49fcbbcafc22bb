import type { Topic } from '../topic.js';

/** What the index needs of a topic; a full Topic (from the config) fits. */
export type TopicQuery = Pick<Topic, 'id' | 'query'> & { name?: string };
import { parseQuery } from './parse-query.js';
import type { QueryNode } from './query-ast.js';
import { forEachRequiredTerm } from './required-terms.js';

export interface CompiledTopic {
  id: string;
  name: string;
  query: string;
  ast: QueryNode;
}

/** Every topic's query, and one index from required terms to the topics that need them. */
export interface CompiledTopics {
  /** Sorted by id; index positions are what the maps below hold. */
  readonly topics: readonly CompiledTopic[];
  /** Whole token → topics that require it (topic positions, ascending). */
  readonly exact: ReadonlyMap<string, readonly number[]>;
  /** Token prefix → topics that require a token starting with it. */
  readonly prefixes: ReadonlyMap<string, readonly number[]>;
  /** The distinct lengths (UTF-16 units) of the keys in `prefixes`, ascending. */
  readonly prefixLengths: readonly number[];
}

/** Parses every query and builds the index. Throws QueryError (with the topic id) on an invalid query. */
export function compileTopics(topics: readonly TopicQuery[]): CompiledTopics {
  const sorted = isSortedById(topics) ? topics : [...topics].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const compiled: CompiledTopic[] = [];
  const exact = new Map<string, number[]>();
  const prefixes = new Map<string, number[]>();
  for (let i = 0; i < sorted.length; i++) {
    const topic = sorted[i]!;
    if (i > 0 && sorted[i - 1]!.id === topic.id) throw new Error(`duplicate topic id "${topic.id}"`);
    const ast = parseQuery(topic.query, topic.id);
    compiled.push({ id: topic.id, name: topic.name ?? topic.id, query: topic.query, ast });
    forEachRequiredTerm(ast, (token) => {
      const map = token.prefix ? prefixes : exact;
      const list = map.get(token.value);
      if (!list) map.set(token.value, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    });
  }
  const prefixLengths = [...new Set([...prefixes.keys()].map((k) => k.length))].sort((a, b) => a - b);
  return { topics: compiled, exact, prefixes, prefixLengths };
}

function isSortedById(topics: readonly TopicQuery[]): boolean {
  for (let i = 1; i < topics.length; i++) if (!(topics[i - 1]!.id < topics[i]!.id)) return false;
  return true;
}
