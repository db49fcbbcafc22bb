import { describe, expect, it } from 'vitest';
import type { Topic } from '../../../shared/domain/topic.js';
import { checkTopicExamples } from '../../../shared/domain/topics/index.js';

const topic = (overrides: Partial<Topic>): Topic => ({ id: 'csto', name: 'CSTO', query: 'CSTO', ...overrides });

describe('checkTopicExamples', () => {
  it('returns nothing when every example behaves', () => {
    expect(checkTopicExamples([topic({ examples: { match: [{ title: 'CSTO meets' }], noMatch: [{ title: 'CSTOX' }] } })])).toEqual([]);
  });

  it.each([
    [
      'a must-match example that does not match',
      topic({ examples: { match: [{ title: 'CSTO meets' }, { title: 'ОДКБ', text: 'Саммит' }] } }),
      [{ topicId: 'csto', kind: 'example', message: 'topic "csto": examples.match[1] must match but did not: title "ОДКБ", text "Саммит"' }],
    ],
    [
      'a must-not-match example that matches, with the terms that matched',
      topic({ examples: { noMatch: [{ title: 'The CSTO summit' }] } }),
      [{ topicId: 'csto', kind: 'example', message: 'topic "csto": examples.noMatch[0] must not match but did, via CSTO (title): title "The CSTO summit"' }],
    ],
    [
      'an invalid query, with position and expectation',
      topic({ query: 'CSTO OR', examples: { match: [{ title: 'CSTO' }] } }),
      [{ topicId: 'csto', kind: 'query', message: expect.stringContaining('topic "csto": invalid query at position 7: expected a term after OR') }],
    ],
  ])('reports %s', (_what, t, expected) => {
    expect(checkTopicExamples([t])).toEqual(expected);
  });

  it('reports every failing topic, not just the first', () => {
    const failures = checkTopicExamples([topic({ id: 'a', query: '(' }), topic({ id: 'b', examples: { match: [{ title: 'nothing' }] } })]);
    expect(failures.map((f) => [f.topicId, f.kind])).toEqual([['a', 'query'], ['b', 'example']]);
  });
});
