import { describe, expect, it } from 'vitest';
import { matchWithPage } from '../../../shared/domain/full-text/match-with-page.js';
import { joinPageText, pageParagraphs } from '../../../shared/domain/full-text/page-text.js';
import { backtestTopic, compileTopics } from '../../../shared/domain/topics/index.js';
import type { Article } from '../../../shared/domain/article.js';

const topics = compileTopics([
  { id: 'csto', query: 'CSTO OR "Collective Security Treaty Organization"' },
  { id: 'nagorno-karabakh', query: 'Karabakh' },
  { id: 'csto-not-football', query: 'CSTO -football' },
]);
const paragraphs = Array.from({ length: 10 }, (_, i) => (i === 8 ? 'Armenia stayed away after the fighting over Nagorno Karabakh in 2023.' : `Paragraph ${i + 1} of the council's meeting.`));
const excerpt = 'Ministers of the Collective Security Treaty Organization met in Moscow…';

describe('matching with the page text', () => {
  it('finds a term only the page has, and says it came from the page and which paragraph', () => {
    const { text } = joinPageText(paragraphs);
    const matches = matchWithPage(topics, { title: 'CSTO council meets', excerpt, pageText: text });
    expect(matches.map((m) => m.topicId)).toEqual(['csto', 'csto-not-football', 'nagorno-karabakh']);
    const karabakh = matches.find((m) => m.topicId === 'nagorno-karabakh')!;
    expect(karabakh.terms).toEqual([{ term: 'Karabakh', field: 'text', snippet: expect.stringContaining('Nagorno Karabakh in 2023'), source: 'page', paragraph: 9 }]);
  });

  it('keeps what the excerpt says: a term of the excerpt carries no page provenance', () => {
    const matches = matchWithPage(topics, { title: 'Council meets', excerpt, pageText: joinPageText(['Nothing about it here.']).text });
    const terms = matches.find((m) => m.topicId === 'csto')!.terms;
    expect(terms).toEqual([{ term: '"Collective Security Treaty Organization"', field: 'text', snippet: expect.any(String) }]);
  });

  it('without the page, matches the excerpt alone (Karabakh is not there)', () => {
    expect(matchWithPage(topics, { title: 'CSTO council meets', excerpt }).map((m) => m.topicId)).toEqual(['csto', 'csto-not-football']);
  });

  it('applies exclusions to the page too', () => {
    const pageText = joinPageText(['The football match was called off.']).text;
    expect(matchWithPage(topics, { title: 'CSTO council meets', excerpt, pageText }).map((m) => m.topicId)).toEqual(['csto']);
  });

  it('a backtest over stored articles sees their page text', async () => {
    const article: Article = { id: 'a1', feedId: 'f', title: 'CSTO council meets', summary: excerpt, sourceTitle: 'F', firstSeen: '2026-12-01T00:00:00Z', pageText: joinPageText(paragraphs).text };
    async function* pages() {
      yield [article, { ...article, id: 'a2', pageText: undefined }];
    }
    const result = await backtestTopic(topics, 'nagorno-karabakh', pages());
    expect(result).toMatchObject({ scanned: 2, matched: 1, hits: [{ article: { id: 'a1' }, terms: [{ source: 'page', paragraph: 9 }] }] });
  });
});

describe('the stored page text', () => {
  it('joins paragraphs one blank line apart, whitespace collapsed, empty ones dropped', () => {
    expect(joinPageText(['  One\n two ', '', 'Three'])).toEqual({ text: 'One two\n\nThree', truncated: false });
    expect(pageParagraphs('One two\n\nThree')).toEqual(['One two', 'Three']);
  });

  it('is cut to the byte cap, at a paragraph end where one fits, never inside a character', () => {
    const cut = joinPageText(['a'.repeat(60), 'b'.repeat(60)], 100);
    expect(cut).toEqual({ text: `${'a'.repeat(60)}\n\n${'b'.repeat(38)}`, truncated: true });
    const cyrillic = joinPageText(['Карабах '.repeat(100)], 101);
    expect(new TextEncoder().encode(cyrillic.text).length).toBeLessThanOrEqual(101);
    expect(cyrillic.text).not.toContain('\uFFFD');
    expect(cyrillic.truncated).toBe(true);
  });

  it('keeps a long article within 16 KB by default', () => {
    const { text, truncated } = joinPageText(Array.from({ length: 400 }, (_, i) => `Paragraph ${i} of a very long article about the summit.`));
    expect(truncated).toBe(true);
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(16 * 1024);
  });
});
