import { describe, expect, it } from 'vitest';
import type { Article } from '../../../shared/domain/article.js';
import { backtestTopic, compileTopics } from '../../../shared/domain/topics/index.js';

const article = (id: string, title: string, published?: string): Article => ({
  id,
  feedId: 'f',
  title,
  summary: '',
  sourceTitle: 'Feed',
  firstSeen: '2026-01-01T00:00:00.000Z',
  ...(published ? { published } : {}),
});

async function* pagesOf(...pages: Article[][]): AsyncIterable<Article[]> {
  for (const page of pages) yield page;
}

describe('backtestTopic', () => {
  const compiled = compileTopics([{ id: 'csto', query: 'CSTO OR ОДКБ' }]);

  it('counts every article and match, keeps the newest matches first, reports progress per page', async () => {
    const progress: { scanned: number; matched: number }[] = [];
    const result = await backtestTopic(
      compiled,
      'csto',
      pagesOf(
        [article('a', 'CSTO summit', '2026-03-01T00:00:00Z'), article('b', 'Weather')],
        [article('c', 'Саммит ОДКБ', '2026-05-01T00:00:00Z'), article('d', 'CSTOX startup'), article('e', 'CSTO again')],
      ),
      { keep: 2, onProgress: (p) => progress.push(p) },
    );
    expect(result.scanned).toBe(5);
    expect(result.matched).toBe(3);
    expect(result.hits.map((h) => h.article.id)).toEqual(['c', 'a']);
    expect(result.hits[0]!.terms).toEqual([{ term: 'ОДКБ', field: 'title', snippet: 'Саммит ОДКБ' }]);
    expect(progress).toEqual([
      { scanned: 2, matched: 1 },
      { scanned: 5, matched: 3 },
    ]);
  });

  it('keeps only the newest matches while scanning many', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => article(`n${String(i).padStart(4, '0')}`, 'CSTO', `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`));
    const result = await backtestTopic(compiled, 'csto', pagesOf(many), { keep: 3 });
    expect(result.matched).toBe(1000);
    expect(result.hits.map((h) => h.article.published)).toEqual(['2026-01-01T00:00:59Z', '2026-01-01T00:00:59Z', '2026-01-01T00:00:59Z']);
  });

  it('matches the article summary as text', async () => {
    const withText = { ...article('t', 'News'), summary: 'Leaders of the CSTO met.' };
    const result = await backtestTopic(compiled, 'csto', pagesOf([withText]));
    expect(result.hits[0]!.terms).toEqual([{ term: 'CSTO', field: 'text', snippet: 'Leaders of the CSTO met.' }]);
  });
});
