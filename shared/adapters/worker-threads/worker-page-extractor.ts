import { Worker } from 'node:worker_threads';
import type { PageExtraction, PageExtractor } from '../../ports/page-extractor.js';
import type { ExtractReply } from './page-extract-worker-main.js';
import { workerScript, type WorkerScript } from './worker-script.js';

export const BUNDLED_PAGE_WORKER_FILE = 'page-extract.worker.mjs';

export interface WorkerPageExtractorOptions {
  /** An extraction still running after this long is stopped (its worker terminated) and refused as 'timeout' (default 3000). */
  deadlineMs?: number;
  /** Old-generation heap of the worker in MB; a page that needs more is refused as 'too-large' (default 96). */
  memoryMb?: number;
  /** How long the worker may take to load Readability and linkedom (default 30 s, for TypeScript source on a busy machine). */
  startTimeoutMs?: number;
  script?: WorkerScript;
}

interface Running {
  worker: Worker;
  ready: Promise<void>;
}

/**
 * PageExtractor on one worker thread, started when the first page needs it: a page runs under a deadline that stops
 * it even inside synchronous parsing, and a heap limit (the worker dies, not the process). Pages are extracted one at a
 * time (they are fetched one host at a time too); a worker that was stopped is replaced by the next page.
 */
export class WorkerPageExtractor implements PageExtractor {
  private running: Running | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  private readonly deadlineMs: number;
  private readonly memoryMb: number;

  constructor(private readonly options: WorkerPageExtractorOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? 3000;
    this.memoryMb = options.memoryMb ?? 96;
  }

  extract(page: { html: string; url: string; by?: number }): Promise<PageExtraction> {
    const turn = this.queue.then(() => this.run(page));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) await running.worker.terminate();
  }

  private start(): Running {
    const script = this.options.script ?? workerScript(BUNDLED_PAGE_WORKER_FILE, 'page-extract-worker-main.ts');
    const worker = new Worker(script.filename, {
      eval: script.eval,
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.round(this.memoryMb / 8)) },
    });
    worker.unref();
    const startTimeoutMs = this.options.startTimeoutMs ?? 30_000;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the page worker did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
      const done = (error?: Error) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        if (error) reject(error);
        else resolve();
      };
      const onMessage = (message: { ready?: true }) => message.ready && done();
      worker.on('message', onMessage);
      worker.once('error', (error: Error) => done(new Error(`the page worker failed to start: ${error.message}`)));
      worker.once('exit', (code) => done(new Error(`the page worker exited while starting (code ${code})`)));
    });
    ready.catch(() => undefined);
    return { worker, ready };
  }

  private async run(page: { html: string; url: string; by?: number }): Promise<PageExtraction> {
    const left = page.by === undefined ? Infinity : page.by - performance.now();
    if (left <= 0) return { ok: false, reason: 'timeout', message: 'no page time left in this poll for extraction' };
    const deadlineMs = Math.min(this.deadlineMs, left);
    const running = (this.running ??= this.start());
    try {
      await running.ready;
    } catch (error) {
      this.stop(running);
      return { ok: false, reason: 'failed', message: (error as Error).message };
    }
    const id = ++this.nextId;
    const { worker } = running;
    worker.ref();
    return new Promise<PageExtraction>((resolve) => {
      const finish = (result: PageExtraction, stop: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
        if (stop) this.stop(running);
        resolve(result);
      };
      const timer = setTimeout(() => finish({ ok: false, reason: 'timeout', message: `extraction took longer than ${Math.round(deadlineMs)} ms (the page time limit)` }, true), deadlineMs);
      const onMessage = (reply: ExtractReply) => {
        if (reply.id !== id) return;
        finish('page' in reply ? reply.page : { ok: false, reason: 'failed', message: `extraction failed: ${reply.failed}` }, false);
      };
      const onError = (error: Error & { code?: string }) =>
        finish(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { ok: false, reason: 'too-large', message: `extraction needed more than ${this.memoryMb} MB of memory (the page memory limit)` }
            : { ok: false, reason: 'failed', message: `the page worker failed: ${error.message}` },
          true,
        );
      const onExit = (code: number) => finish({ ok: false, reason: 'failed', message: `the page worker exited (code ${code})` }, true);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, html: page.html, url: page.url });
    });
  }

  private stop(running: Running): void {
    if (this.running === running) this.running = undefined;
    void running.worker.terminate();
  }
}
