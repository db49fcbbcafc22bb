import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTopics, matchArticle, parseQuery, QueryError, referenceMatch } from '../../../shared/domain/topics/index.js';

/** Few words, with shared stems, accents and scripts, so generated queries and texts often meet. */
const WORDS = ['csto', 'CSTOX', 'ОДКБ', 'Nagorno', 'Karabakh', 'Карабах', 'Карабахе', 'Карабаха', 'Нагорном', 'summit', 'Summits', 'Arménie', 'armenie', 'Семёнов', 'семенов', 'minsk', 'talks', '北京', 'a', 's'];
const SEPARATORS = [' ', ' ', ' ', '-', '–', ', ', "'s ", ' «', '» ', '\n', ' <b>', '</b> ', '&amp;', '. '];

const word = fc.constantFrom(...WORDS);
const text = fc.array(fc.tuple(word, fc.constantFrom(...SEPARATORS)), { maxLength: 25 }).map((parts) => parts.map(([w, s]) => w + s).join(''));

const prefixOf = fc.constantFrom(...WORDS.filter((w) => [...w].length >= 2)).chain((w) => fc.integer({ min: 2, max: [...w].length }).map((n) => `${[...w].slice(0, n).join('')}*`));
const bare = fc.oneof(word, prefixOf, fc.tuple(word, word).map(([a, b]) => `${a}-${b}`));
const oneLetterPrefix = word.map((w) => `${[...w][0]}*`);
/** Phrases, some made only of one-letter prefixes (valid when they add up to two letters). */
const phrase = fc.oneof(
  fc.array(fc.oneof(word, prefixOf), { minLength: 1, maxLength: 3 }).map((ws) => `"${ws.join(' ')}"`),
  fc.array(oneLetterPrefix, { minLength: 2, maxLength: 3 }).map((ws) => `"${ws.join(' ')}"`),
);
const scope = fc.constantFrom('', '', 'title:', 'text:');
const term = fc.tuple(scope, fc.oneof(bare, phrase)).map(([s, t]) => s + t);

/** Queries that require at least one term (the only kind parseQuery accepts). */
const { positive } = fc.letrec<{ positive: string; any: string }>((tie) => ({
  positive: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    term,
    fc.tuple(tie('positive'), fc.array(tie('any'), { maxLength: 2 })).map(([p, rest]) => [p, ...rest].join(' ')),
    fc.tuple(tie('positive'), tie('positive')).map(([a, b]) => `${a} OR ${b}`),
    tie('positive').map((p) => `(${p})`),
  ),
  any: fc.oneof(tie('positive'), tie('positive').map((p) => `-(${p})`), term.map((t) => `NOT ${t}`), term.map((t) => `-${t}`)),
}));

describe('index matcher agrees with the reference matcher', () => {
  it('on generated topics and articles: same topics, same provenance', () => {
    fc.assert(
      fc.property(fc.array(positive, { minLength: 1, maxLength: 25 }), text, text, (queries, title, body) => {
        const topics = queries.map((query, i) => ({ id: `t${String(i).padStart(3, '0')}`, query }));
        const expected = topics.flatMap((t) => {
          const r = referenceMatch(t.query, { title, text: body });
          return r.matched ? [{ topicId: t.id, terms: r.terms }] : [];
        });
        expect(matchArticle(compileTopics(topics), { title, text: body })).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('parseQuery either parses or throws QueryError with a position inside the query', () => {
    const queryish = fc.array(fc.oneof(fc.constantFrom('(', ')', '"', '-', '*', ' ', 'OR', 'AND', 'NOT', 'title:', 'text:', '«', '»', ':'), word), { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(queryish, fc.string()), (query) => {
        try {
          parseQuery(query);
        } catch (error) {
          expect(error).toBeInstanceOf(QueryError);
          expect((error as QueryError).position).toBeGreaterThanOrEqual(0);
          expect((error as QueryError).position).toBeLessThanOrEqual(query.length);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
