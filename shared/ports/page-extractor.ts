/** The main text of an article page, paragraph by paragraph (whitespace collapsed, none empty), or why there is none. */
export type ExtractedPage = { ok: true; paragraphs: string[] } | { ok: false; reason: ExtractionFailure; message: string };

/** No article found; too little text (a paywall stub, a consent page); more elements than the limit. */
export type ExtractionFailure = 'no-article' | 'too-short' | 'too-complex';

/** Extracts an article page's main text within bounded time and memory (a page is input from anyone). */
export interface PageExtractor {
  /**
   * Never rejects for a bad page: a refusal is `{ ok: false }` with the reason ('timeout' and 'too-large' included).
   * `by` (monotonic ms, performance.now()): the extraction ends by then, waiting for its turn included, or is refused
   * as 'timeout', so the pages of feeds polled together never hold a poll past its page time.
   */
  extract(page: { html: string; url: string; by?: number }): Promise<PageExtraction>;
}

export type PageExtraction = ExtractedPage | { ok: false; reason: 'timeout' | 'too-large' | 'failed'; message: string };
