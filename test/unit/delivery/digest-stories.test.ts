import { describe, expect, it } from 'vitest';
import { groupDigestByStory } from '../../../shared/domain/delivery/digest-stories.js';
import { anArticle } from '../../support/factories.js';

const csto = { topicId: 'csto', terms: [{ term: 'CSTO', field: 'title' as const, snippet: 'CSTO' }] };
const nk = { topicId: 'nk', terms: [{ term: 'Karabakh', field: 'text' as const, snippet: 'Karabakh' }] };

describe('groupDigestByStory', () => {
  const first = anArticle({ id: 'a1', storyId: 's1', firstSeen: '2026-11-20T10:00:00.000Z', sourceTitle: 'World Wire' });
  const later = anArticle({ id: 'a2', storyId: 's1', firstSeen: '2026-11-20T11:00:00.000Z', sourceTitle: 'Kavkaz Lenta' });
  const alone = anArticle({ id: 'a3', firstSeen: '2026-11-20T10:30:00.000Z' });

  it('makes one entry per story, led by its first-seen article, with every topic once and the others listed', () => {
    const entries = groupDigestByStory([
      { article: later, matches: [nk] },
      { article: alone, matches: [csto] },
      { article: first, matches: [csto] },
    ]);
    expect(entries.map((e) => [e.article.id, e.matches.map((m) => m.topicId), e.alsoReportedBy.map((o) => o.articleId)])).toEqual([
      ['a1', ['nk', 'csto'], ['a2']],
      ['a3', ['csto'], []],
    ]);
  });

  it("adds what the story grouping knows of a story's coverage, each article once, first seen first", () => {
    const known = [
      { articleId: 'a1', feedId: 'wire', title: first.title, sourceTitle: 'World Wire', firstSeen: first.firstSeen },
      { articleId: 'b9', feedId: 'late', title: 'Late take', sourceTitle: 'Late Post', firstSeen: '2026-11-20T12:00:00.000Z' },
      { articleId: 'b1', feedId: 'early', title: 'Early take', sourceTitle: 'Early Post', firstSeen: '2026-11-20T10:10:00.000Z' },
    ];
    const [entry] = groupDigestByStory([{ article: first, matches: [csto] }, { article: later, matches: [csto] }], new Map([['s1', known]]));
    expect(entry!.alsoReportedBy.map((o) => o.articleId)).toEqual(['b1', 'a2', 'b9']);
    expect(entry!.matches).toEqual([{ topicId: 'csto', terms: [...csto.terms, ...csto.terms] }]);
  });
});
