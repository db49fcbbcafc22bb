import { describe, expect, it } from 'vitest';
import { compileTopics, matchArticle } from '../../../shared/domain/topics/index.js';

const terms = (query: string, title: string, text = '') => matchArticle(compileTopics([{ id: 't', query }]), { title, text })[0]?.terms;

describe('provenance', () => {
  it.each([
    ['the term as written, the field and a snippet', 'CSTO', 'CSTO leaders meet', '', [{ term: 'CSTO', field: 'title', snippet: 'CSTO leaders meet' }]],
    ['a term found in both fields is reported for each', 'CSTO', 'CSTO meets', 'The CSTO met.', [
      { term: 'CSTO', field: 'title', snippet: 'CSTO meets' },
      { term: 'CSTO', field: 'text', snippet: 'The CSTO met.' },
    ]],
    ['only the OR branches that matched', 'CSTO OR ОДКБ OR NATO', 'Саммит ОДКБ', '', [{ term: 'ОДКБ', field: 'title', snippet: 'Саммит ОДКБ' }]],
    ['every matched OR branch, in query order', 'ОДКБ OR CSTO', 'CSTO', 'ОДКБ', [
      { term: 'ОДКБ', field: 'text', snippet: 'ОДКБ' },
      { term: 'CSTO', field: 'title', snippet: 'CSTO' },
    ]],
    ['every AND term', 'CSTO Minsk', 'CSTO summit', 'In Minsk.', [
      { term: 'CSTO', field: 'title', snippet: 'CSTO summit' },
      { term: 'Minsk', field: 'text', snippet: 'In Minsk.' },
    ]],
    ['excluded terms are never reported', 'CSTO -NATO', 'CSTO summit', '', [{ term: 'CSTO', field: 'title', snippet: 'CSTO summit' }]],
    ['phrase with its quotes; snippet shows the text as written', '"Nagorno Karabakh"', 'Left Nagorno–Karabakh', '', [{ term: '"Nagorno Karabakh"', field: 'title', snippet: 'Left Nagorno–Karabakh' }]],
    ['prefix term, with the words it matched', 'Карабах*', 'Сёла Карабаха', '', [{ term: 'Карабах*', field: 'title', snippet: 'Сёла Карабаха', words: 'Карабаха' }]],
    ['phrase with a prefix, with the words as the article has them', '"Nagorno Karab*"', 'In Nagorno–Karabakh’s hills', '', [
      { term: '"Nagorno Karab*"', field: 'title', snippet: 'In Nagorno–Karabakh’s hills', words: 'Nagorno–Karabakh' },
    ]],
    ['scoped term reports only its field', 'title:CSTO', 'CSTO', 'CSTO', [{ term: 'CSTO', field: 'title', snippet: 'CSTO' }]],
    ['snippet from the title without markup', 'CSTO', '<b>CSTO</b> &amp; friends', '', [{ term: 'CSTO', field: 'title', snippet: 'CSTO & friends' }]],
  ])('%s', (_what, query, title, text, expected) => {
    expect(terms(query, title, text)).toEqual(expected);
  });

  it('cuts long text around the first occurrence, at whitespace, with ellipses', () => {
    const before = 'Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore';
    const after = 'et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi';
    const [term] = terms('CSTO', 'x', `${before} CSTO  leaders\nmet ${after}`)!;
    expect(term!.snippet).toBe('…adipiscing elit sed do eiusmod tempor incididunt ut labore CSTO leaders met et dolore magna aliqua ut enim ad minim…');
  });
});
