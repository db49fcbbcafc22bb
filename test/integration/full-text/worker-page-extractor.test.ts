import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPageExtractor } from '../../../shared/adapters/worker-threads/worker-page-extractor.js';
import { articlePage, councilParagraphs } from '../../support/article-page.js';

const URL = 'https://news.example/a';
const page = articlePage('Council meets', councilParagraphs());
const extractors: WorkerPageExtractor[] = [];
const extractor = (options: ConstructorParameters<typeof WorkerPageExtractor>[0] = {}) => {
  const made = new WorkerPageExtractor(options);
  extractors.push(made);
  return made;
};
afterAll(async () => {
  for (const e of extractors) await e.close();
});

describe('WorkerPageExtractor', () => {
  it('extracts on its worker thread', async () => {
    expect(await extractor().extract({ html: page, url: URL })).toEqual({ ok: true, paragraphs: councilParagraphs() });
  });

  it('stops an extraction at its deadline and refuses the page as timeout; the next page gets a fresh worker', async () => {
    const e = extractor({ deadlineMs: 1 });
    // Thousands of paragraphs: far more than a millisecond of parsing.
    const big = articlePage('Council meets', councilParagraphs(5000));
    expect(await e.extract({ html: big, url: URL })).toMatchObject({ ok: false, reason: 'timeout', message: expect.stringContaining('the page time limit') });
    expect(await e.extract({ html: big, url: URL })).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('refuses at once a page whose poll has no time left, without starting it', async () => {
    expect(await extractor().extract({ html: page, url: URL, by: performance.now() - 1 })).toEqual({ ok: false, reason: 'timeout', message: 'no page time left in this poll for extraction' });
  });

  it('refuses a page that needs more memory than the worker may have', async () => {
    const e = extractor({ memoryMb: 32, deadlineMs: 120_000 });
    const huge = articlePage('Council meets', councilParagraphs(100_000));
    expect(await e.extract({ html: huge, url: URL })).toMatchObject({ ok: false, reason: 'too-large', message: expect.stringContaining('the page memory limit') });
  });
});
