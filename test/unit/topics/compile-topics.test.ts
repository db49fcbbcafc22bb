import { describe, expect, it } from 'vitest';
import { compileTopics, matchArticle, parseQuery, QueryError, requiredTerms } from '../../../shared/domain/topics/index.js';
import { candidateTopics } from '../../../shared/domain/topics/match-article.js';
import { IndexedArticle } from '../../../shared/domain/topics/indexed-article.js';
import { analyseArticle } from '../../../shared/domain/topics/analyse-article.js';

const keys = (query: string) => requiredTerms(parseQuery(query)).map((k) => (k.prefix ? `${k.value}*` : k.value));

describe('requiredTerms', () => {
  it.each([
    ['CSTO', ['csto']],
    ['CSTO OR ОДКБ', ['csto', 'одкб']],
    ['the summit', ['summit']],
    ['csto summit', ['summit']],
    ['CSTO summit', ['csto']],
    ['Yerevan summit', ['yerevan']],
    ['"Collective Security Treaty Organization"', ['organization']],
    ['"of the CSTO"', ['csto']],
    ['Карабах* OR Karabakh', ['карабах*', 'karabakh']],
    ['Карабах* Нагорном', ['нагорном']],
    ['"Нагорн* Карабах*"', ['карабах*']],
    ['CSTO -CSTOX', ['csto']],
    ['(a OR b) Minsk', ['minsk']],
    ['(Yerevan OR Baku) (a OR b)', ['yerevan', 'baku']],
    ['title:CSTO', ['csto']],
  ])('%s → %j', (query, expected) => {
    expect(keys(query)).toEqual(expected);
  });
});

describe('compileTopics', () => {
  it('throws QueryError naming the topic, the position and what was expected', () => {
    const error = (() => {
      try {
        compileTopics([{ id: 'good', query: 'CSTO' }, { id: 'bad', query: 'CSTO OR (ОДКБ' }]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(QueryError);
    expect(error).toMatchObject({ topicId: 'bad', position: 13, expected: "')' to close the '(' at position 8" });
    expect((error as Error).message).toContain('topic "bad": invalid query at position 13');
  });

  it('refuses duplicate topic ids', () => {
    expect(() => compileTopics([{ id: 'a', query: 'x' }, { id: 'a', query: 'y' }])).toThrow('duplicate topic id "a"');
  });

  it('returns matches sorted by topic id whatever the configured order', () => {
    const compiled = compileTopics([{ id: 'zeta', query: 'CSTO' }, { id: 'alpha', query: 'summit' }, { id: 'mid', query: 'CSTO summit' }]);
    expect(matchArticle(compiled, { title: 'CSTO summit', text: '' }).map((m) => m.topicId)).toEqual(['alpha', 'mid', 'zeta']);
  });

  it('verifies only the topics whose required terms the article contains', () => {
    const topics = Array.from({ length: 1000 }, (_, i) => ({ id: `t${i}`, query: `word${i} OR "other${i} phrase"` }));
    topics.push({ id: 'prefix', query: 'Карабах* news' }, { id: 'csto', query: 'CSTO -CSTOX' });
    const compiled = compileTopics(topics);
    const article = new IndexedArticle(analyseArticle({ title: 'CSTO and word7 in Карабахе', text: 'other12 phrase, other13' }));
    expect(candidateTopics(compiled, article).map((i) => compiled.topics[i]!.id).sort()).toEqual(['csto', 'prefix', 't12', 't13', 't7']);
    expect(matchArticle(compiled, { title: 'CSTO and word7 in Карабахе', text: 'other12 phrase, other13' }).map((m) => m.topicId)).toEqual(['csto', 't12', 't7']);
  });
});
