import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { FeedBody } from '../../domain/feed/read-feed.js';
import type { ParseReply, ParseRequest, ParseWorkerData, ParseWorkerReady } from './feed-parse-protocol.js';
import type { WorkerScript } from './worker-script.js';

/** How one parse on a worker ended. */
export type ParseOutcome =
  | { kind: 'reply'; reply: ParseReply }
  | { kind: 'timeout' }
  | { kind: 'error'; error: Error & { code?: string } }
  | { kind: 'exit'; code: number };

/**
 * One worker thread that parses feeds, one at a time. Its start (loading the parser) is awaited apart from any
 * parse, so it never counts against a parse's deadline. It is kept unreferenced while idle: an idle worker never
 * keeps a process (the CLI, a test run) alive.
 */
export class ParseWorker {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private current: ((outcome: ParseOutcome) => void) | undefined;
  private nextId = 0;

  constructor(script: WorkerScript, data: ParseWorkerData, resourceLimits: ResourceLimits, startTimeoutMs: number) {
    this.worker = new Worker(script.filename, { eval: script.eval, workerData: data, resourceLimits });
    this.worker.unref();
    let started: (() => void) | undefined;
    let failed: ((error: Error) => void) | undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    // Whoever awaits `ready` sees the failure; nobody else must.
    this.ready.catch(() => undefined);
    const startTimer = setTimeout(() => {
      failed?.(new Error(`the parse worker did not start within ${startTimeoutMs} ms`));
      void this.worker.terminate();
    }, startTimeoutMs);
    startTimer.unref();
    const notStarted = () => {
      clearTimeout(startTimer);
      started = failed = undefined;
    };
    this.worker.on('message', (message: ParseReply | ParseWorkerReady) => {
      if ('ready' in message) {
        started?.();
        notStarted();
      } else this.current?.({ kind: 'reply', reply: message });
    });
    this.worker.on('error', (error: Error) => {
      failed?.(new Error(`the parse worker failed to start: ${error.message}`));
      notStarted();
      this.current?.({ kind: 'error', error });
    });
    this.worker.on('exit', (code: number) => {
      failed?.(new Error(`the parse worker exited while starting (code ${code})`));
      notStarted();
      this.current?.({ kind: 'exit', code });
    });
  }

  /** Parses one body; settles with how it ended (never rejects). After anything but a reply, the worker is gone. */
  parse(body: FeedBody, deadlineMs: number): Promise<ParseOutcome> {
    const id = ++this.nextId;
    this.worker.ref();
    return new Promise<ParseOutcome>((resolve) => {
      const timer = setTimeout(() => {
        void this.worker.terminate();
        settle({ kind: 'timeout' });
      }, deadlineMs);
      const settle = (outcome: ParseOutcome) => {
        if (outcome.kind === 'reply' && outcome.reply.id !== id) return;
        clearTimeout(timer);
        this.current = undefined;
        this.worker.unref();
        resolve(outcome);
      };
      this.current = settle;
      this.worker.postMessage({ id, body } satisfies ParseRequest);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}
