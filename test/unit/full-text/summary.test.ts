import { describe, expect, it } from 'vitest';
import { looksLikeSummary, SUMMARY_MAX_CHARS, wantsFullText } from '../../../shared/domain/full-text/summary.js';

const long = (ending: string) => `${'The council met for a long session and agreed on a budget. '.repeat(20)}${ending}`;

describe('summary detection', () => {
  it.each([
    ['short text', 'Ministers met in Moscow on Monday.', true],
    ['a long text ending in …', long('It went on…'), true],
    ['a long text ending in ...', long('It went on...'), true],
    ['a long text ending in […]', long('It went on […]'), true],
    ['a long text ending in [...]', long('It went on [...]'), true],
    ['a long text ending in "Read more »"', long('Read more »'), true],
    ['a long text ending in "Continue reading"', long('Continue reading'), true],
    ['a long, complete text', long('It ended.'), false],
    ['an ellipsis inside, not at the end', long('One… two. Done.'), false],
  ])('%s: %s', (_, text, expected) => {
    expect(looksLikeSummary(text)).toBe(expected);
  });

  it('takes text just under the length limit for a summary, and at it for an article', () => {
    expect(looksLikeSummary('x'.repeat(SUMMARY_MAX_CHARS - 1))).toBe(true);
    expect(looksLikeSummary('x'.repeat(SUMMARY_MAX_CHARS))).toBe(false);
  });

  it.each([
    ['auto, a short summary', 'auto', { link: 'https://a.example/1', summary: 'Short.' }, true],
    ['auto, a short summary but full content in the feed', 'auto', { link: 'https://a.example/1', summary: 'Short.', content: long('End.') }, false],
    ['auto, a complete text', 'auto', { link: 'https://a.example/1', summary: long('End.') }, false],
    ['always, a complete text', 'always', { link: 'https://a.example/1', summary: long('End.') }, true],
    ['never, a short summary', 'never', { link: 'https://a.example/1', summary: 'Short.' }, false],
    ['always, but no link', 'always', { summary: 'Short.' }, false],
  ] as const)('fetch the page? %s', (_, mode, item, expected) => {
    expect(wantsFullText(mode, item)).toBe(expected);
  });
});
