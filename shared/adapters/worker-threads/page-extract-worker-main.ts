/**
 * The page extraction worker's entry: worker-page-extractor.ts starts it (from the TypeScript source, or as
 * page-extract.worker.mjs beside a function's bundle, built from functions/poll-feed/page-extract.worker.ts).
 * It carries Readability and linkedom, which the handler's own bundle does not.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import type { ExtractedPage } from '../../ports/page-extractor.js';
import { extractArticleText } from '../readability/extract-article-text.js';

export interface ExtractRequest {
  id: number;
  html: string;
  url: string;
}

export type ExtractReply = { id: number; page: ExtractedPage } | { id: number; failed: string };

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', ({ id, html, url }: ExtractRequest) => {
    try {
      port.postMessage({ id, page: extractArticleText(html, url) } satisfies ExtractReply);
    } catch (error) {
      port.postMessage({ id, failed: error instanceof Error ? error.message : String(error) } satisfies ExtractReply);
    }
  });
  port.postMessage({ ready: true });
}
