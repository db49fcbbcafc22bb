import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What `new Worker` is given to start a parse worker. */
export interface WorkerScript {
  filename: URL | string;
  eval: boolean;
}

/** The file a function's bundle carries beside index.mjs (built from functions/poll-feed/feed-parse.worker.ts). */
export const BUNDLED_WORKER_FILE = 'feed-parse.worker.mjs';

/**
 * How to start the parse worker. In a function's bundle (Lambda, the local runtime), `import.meta.url` is the
 * bundle's and the worker's own bundle sits beside it. Run from the TypeScript source (the CLI, tests, benches),
 * the worker registers tsx first, as bin/newshound.js does, then loads the entry.
 */
export function feedParseWorkerScript(): WorkerScript {
  return workerScript(BUNDLED_WORKER_FILE, 'feed-parse-worker-main.ts');
}

/** How to start a worker: `bundledFile` beside a function's bundle, else `sourceEntry` (in this folder) through tsx. */
export function workerScript(bundledFile: string, sourceEntry: string): WorkerScript {
  const bundled = new URL(`./${bundledFile}`, import.meta.url);
  if (existsSync(fileURLToPath(bundled))) return { filename: bundled, eval: false };
  // tsx's `tsx/esm/api` export for `import` (createRequire would resolve its CommonJS twin).
  const tsxApi = new URL('./dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')));
  const entry = new URL(`./${sourceEntry}`, import.meta.url);
  return { filename: `import(${JSON.stringify(tsxApi.href)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`, eval: true };
}
