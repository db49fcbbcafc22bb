import { describe, expect, it } from 'vitest';
import { compileTopics, matchArticle, termLabel } from '../../../shared/domain/topics/index.js';

const labels = (query: string, title: string, text = '') => matchArticle(compileTopics([{ id: 't', query }]), { title, text })[0]?.terms.map(termLabel);

describe('termLabel: matched terms as words, not query syntax', () => {
  it.each([
    ['a phrase without its quotes', '"Collective Security Treaty Organization"', 'The Collective Security Treaty Organization met', ['Collective Security Treaty Organization']],
    ['typographic quotes too', '«Нагорный Карабах» OR „Berg Karabach“', 'Нагорный Карабах и Berg Karabach', ['Нагорный Карабах', 'Berg Karabach']],
    ['a prefix term as the word the article had', 'Карабах*', 'Сёла Карабаха', ['Карабаха']],
    ['a scoped term without its scope', 'title:"Nagorno Karabakh" OR text:CSTO', 'Nagorno Karabakh', ['Nagorno Karabakh']],
    ['a plain word as written', 'CSTO', 'CSTO summit', ['CSTO']],
  ])('%s', (_what, query, title, expected) => {
    expect(labels(query, title)).toEqual(expected);
  });

  it.each([
    ['"Collective Security Treaty Organization"', 'Collective Security Treaty Organization'],
    ['Карабах*', 'Карабах'],
    ['"Nagorno Karab*"', 'Nagorno Karab'],
    ['„Berg Karabach”', 'Berg Karabach'],
    ['«ОДКБ»', 'ОДКБ'],
    ['""', '""'],
    ['CSTO', 'CSTO'],
  ])('a stored term without its words: %j → %j', (term, label) => {
    expect(termLabel({ term })).toBe(label);
  });
});
