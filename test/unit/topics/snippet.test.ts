import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isXmlChars } from '../../../shared/domain/text/xml-chars.js';
import { compileTopics, matchArticle } from '../../../shared/domain/topics/index.js';

/** Snippets travel in queue messages: they must hold only characters SQS accepts whatever text they are cut from. */
describe('match snippets', () => {
  it.each([
    ['an entity in article text that decodes to a refused character', 'CSTO summit &#xFFFE; in &#1;Minsk'],
    ['emoji (no whitespace to cut at) where the snippet is cut', `${'😀'.repeat(40)},CSTO,${'😀'.repeat(40)}`],
    ['the same one code unit further', `x${'😀'.repeat(40)},CSTO,${'😀'.repeat(40)}x`],
  ])('%s', (_name, text) => {
    const [match] = matchArticle(compileTopics([{ id: 'csto', query: 'CSTO' }]), { title: 'title', text });
    expect(match?.terms[0]?.snippet).toContain('CSTO');
    for (const term of match!.terms) expect(isXmlChars(term.snippet)).toBe(true);
  });

  it('cut from any text are clean', () => {
    const topics = compileTopics([{ id: 'csto', query: 'CSTO' }]);
    const piece = fc.constantFrom('😀', '𝔸', 'a', 'Я', ' ', ',', '\n', 'CSTO', '&#xFFFE;', '&#1;', '&amp;');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), (pieces) => {
        for (const match of matchArticle(topics, { title: 'CSTO', text: pieces.join('') })) {
          for (const term of match.terms) expect(isXmlChars(term.snippet)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
