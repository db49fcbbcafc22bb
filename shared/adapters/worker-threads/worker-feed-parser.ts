import type { FeedLimits } from '../../domain/feed/feed-limits.js';
import { FeedParseError } from '../../domain/feed/feed-parse-error.js';
import type { FeedBody, ReadFeed } from '../../domain/feed/read-feed.js';
import type { FeedParser } from '../../ports/feed-parser.js';
import { ParseWorker, type ParseOutcome } from './parse-worker.js';
import { feedParseWorkerScript, type WorkerScript } from './worker-script.js';

export interface WorkerFeedParserOptions {
  /** Parses at once, each on its own worker thread (default 2). */
  maxWorkers?: number;
  /** A parse still running after this long is stopped, its worker terminated, and the feed refused as 'timeout' (default 5000). */
  deadlineMs?: number;
  /** Old-generation heap of each worker in MB; a parse that needs more is refused as 'too-large' (default 128). */
  memoryMb?: number;
  /** The parse's own limits (document size, items kept, nesting); defaults in domain/feed/feed-limits.ts. */
  limits?: Partial<FeedLimits>;
  /** How long a new worker may take to load the parser (default 30 s: from TypeScript source on a busy machine it takes seconds). */
  startTimeoutMs?: number;
  script?: WorkerScript;
}

interface Job {
  body: FeedBody;
  resolve: (feed: ReadFeed) => void;
  reject: (error: Error) => void;
}

/**
 * FeedParser on worker threads: parsing runs off the caller's thread, under a deadline that stops it even in the middle
 * of synchronous work (the worker is terminated) and a heap limit (the worker dies, not the process). Workers live as
 * long as the parser (one per container in Lambda), so a parse costs a message round trip, not a thread start; one that
 * was terminated is replaced by the next parse that needs it. Parses beyond `maxWorkers` wait their turn; a parse's
 * deadline starts when it starts, so a slow batch-mate does not eat into it.
 */
export class WorkerFeedParser implements FeedParser {
  private readonly workers = new Set<ParseWorker>();
  private readonly idle: ParseWorker[] = [];
  private readonly queue: Job[] = [];
  private closed = false;
  private readonly maxWorkers: number;
  private readonly deadlineMs: number;
  private readonly memoryMb: number;
  private readonly startTimeoutMs: number;

  constructor(private readonly options: WorkerFeedParserOptions = {}) {
    this.maxWorkers = Math.max(1, options.maxWorkers ?? 2);
    this.deadlineMs = options.deadlineMs ?? 5000;
    this.memoryMb = options.memoryMb ?? 128;
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
  }

  parse(body: FeedBody): Promise<ReadFeed> {
    if (this.closed) return Promise.reject(new Error('the feed parser is closed'));
    return new Promise<ReadFeed>((resolve, reject) => {
      this.queue.push({ body, resolve, reject });
      this.pump();
    });
  }

  /** Terminates the workers; parses still waiting are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the feed parser is closed'));
    await Promise.all([...this.workers].map((w) => w.terminate()));
    this.workers.clear();
    this.idle.length = 0;
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let worker = this.idle.pop();
      if (!worker) {
        if (this.workers.size >= this.maxWorkers) return;
        worker = this.start();
      }
      void this.run(worker, this.queue.shift()!);
    }
  }

  private start(): ParseWorker {
    const worker = new ParseWorker(
      this.options.script ?? feedParseWorkerScript(),
      { limits: this.options.limits ?? {} },
      { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.round(this.memoryMb / 8)) },
      this.startTimeoutMs,
    );
    this.workers.add(worker);
    return worker;
  }

  private async run(worker: ParseWorker, job: Job): Promise<void> {
    try {
      await worker.ready;
    } catch (error) {
      this.workers.delete(worker);
      job.reject(error as Error);
      return this.pump();
    }
    const outcome = await worker.parse(job.body, this.deadlineMs);
    if (outcome.kind === 'reply') {
      if (this.closed) void worker.terminate();
      else this.idle.push(worker);
    } else {
      this.workers.delete(worker);
      void worker.terminate();
    }
    this.settle(job, outcome);
    this.pump();
  }

  private settle(job: Job, outcome: ParseOutcome): void {
    switch (outcome.kind) {
      case 'reply': {
        const { reply } = outcome;
        if (reply.ok) job.resolve(reply.feed);
        else job.reject(reply.reason ? new FeedParseError(reply.reason, reply.message) : new Error(`the parse worker failed: ${reply.message}`));
        return;
      }
      case 'timeout':
        return job.reject(new FeedParseError('timeout', `parsing took longer than ${this.deadlineMs} ms (the parse time limit)`));
      case 'error':
        if (outcome.error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          return job.reject(new FeedParseError('too-large', `parsing needed more than ${this.memoryMb} MB of memory (the parse memory limit)`));
        }
        return job.reject(new Error(`the parse worker failed: ${outcome.error.message}`));
      case 'exit':
        return job.reject(new Error(`the parse worker exited (code ${outcome.code})`));
    }
  }
}
