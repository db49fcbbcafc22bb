/**
 * Execution environments of one function: worker threads, each with the function's own environment variables,
 * its memory as the heap limit, and one invocation at a time. A timeout or an out-of-memory kills the container,
 * as Lambda does; the next invocation gets a fresh one (a cold start).
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const WORKER = fileURLToPath(new URL('./lambda-worker.mjs', import.meta.url));

export interface ContainerSpec {
  functionName: string;
  functionArn: string;
  bundle: string;
  handlerName: string;
  env: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  /** Concurrent containers at most. */
  concurrency: number;
}

export interface FunctionError {
  errorType: string;
  errorMessage: string;
  stack?: string[];
}

export type InvokeResult =
  | { ok: true; result: unknown; requestId: string; coldStart: boolean; initMs?: number; durationMs: number }
  | { ok: false; error: FunctionError; requestId: string; coldStart: boolean; initMs?: number; durationMs: number };

interface WorkerReply {
  id: string;
  ok: boolean;
  result?: unknown;
  error?: FunctionError;
  initMs?: number;
  durationMs: number;
}

interface Container {
  worker: Worker;
  fresh: boolean;
}

export class FunctionContainers {
  private readonly idle: Container[] = [];
  private busy = 0;
  private readonly waiting: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly spec: ContainerSpec,
    private readonly onLog: (line: string) => void,
  ) {}

  get running(): number {
    return this.busy;
  }

  async invoke(event: unknown): Promise<InvokeResult> {
    while (this.busy >= this.spec.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy += 1;
    const container = this.idle.pop() ?? this.start();
    const requestId = randomUUID();
    try {
      const result = await this.run(container, event, requestId);
      if (this.closed) void container.worker.terminate();
      else this.idle.push(container);
      return result;
    } catch (error) {
      // The container died (timeout, out of memory, a crash): Lambda discards it.
      void container.worker.terminate();
      return { ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: error instanceof Error ? error.message : String(error) }, requestId, coldStart: container.fresh, durationMs: 0 };
    } finally {
      container.fresh = false;
      this.busy -= 1;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((c) => c.worker.terminate()));
  }

  private start(): Container {
    const worker = new Worker(WORKER, {
      env: this.spec.env,
      workerData: { bundle: this.spec.bundle, handlerName: this.spec.handlerName },
      resourceLimits: { maxOldGenerationSizeMb: this.spec.memoryMb },
      stdout: true,
      stderr: true,
    });
    for (const stream of [worker.stdout, worker.stderr]) createInterface({ input: stream }).on('line', this.onLog);
    worker.unref();
    return { worker, fresh: true };
  }

  private run(container: Container, event: unknown, requestId: string): Promise<InvokeResult> {
    const { spec } = this;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Task timed out after ${spec.timeoutSeconds.toFixed(2)} seconds`));
      }, spec.timeoutSeconds * 1000);
      const onMessage = (message: WorkerReply) => {
        if (message.id !== requestId) return;
        cleanup();
        const common = { requestId, coldStart: container.fresh, ...(message.initMs !== undefined ? { initMs: message.initMs } : {}), durationMs: message.durationMs };
        resolve(message.ok ? { ok: true, result: message.result, ...common } : { ok: false, error: message.error!, ...common });
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error.message.includes('memory') ? new Error(`Runtime exited: out of memory (${spec.memoryMb} MB)`) : error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`Runtime exited with code ${code}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        container.worker.off('message', onMessage);
        container.worker.off('error', onError);
        container.worker.off('exit', onExit);
      };
      container.worker.on('message', onMessage);
      container.worker.on('error', onError);
      container.worker.on('exit', onExit);
      const context = {
        awsRequestId: requestId,
        functionName: spec.functionName,
        functionVersion: '$LATEST',
        invokedFunctionArn: spec.functionArn,
        memoryLimitInMB: String(spec.memoryMb),
        logGroupName: `/aws/lambda/${spec.functionName}`,
        logStreamName: `local/[$LATEST]${requestId.slice(0, 8)}`,
        timeoutMs: spec.timeoutSeconds * 1000,
      };
      container.worker.postMessage({ id: requestId, event, context });
    });
  }
}
