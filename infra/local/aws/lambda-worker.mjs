// The local stand-in for Lambda's Node.js runtime interface client: one worker thread is one execution environment
// ("container"). It loads the function's bundle once (the cold start) and runs one invocation at a time.
// Plain JavaScript: worker threads start without the TypeScript loader the rest of the local runtime uses.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

process.setSourceMapsEnabled(true);
const { bundle, handlerName } = workerData;
let handler;

parentPort.on('message', async ({ id, event, context }) => {
  const started = performance.now();
  let initMs;
  try {
    if (!handler) {
      const module = await import(pathToFileURL(bundle).href);
      handler = module[handlerName];
      if (typeof handler !== 'function') throw new Error(`${bundle} exports no function "${handlerName}"`);
      initMs = performance.now() - started;
    }
    const deadline = Date.now() + context.timeoutMs;
    const lambdaContext = {
      ...context,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done() {},
      fail() {},
      succeed() {},
    };
    const result = await handler(event, lambdaContext);
    // Lambda returns the result serialised as JSON.
    const serialised = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
    parentPort.postMessage({ id, ok: true, result: serialised, initMs, durationMs: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      error: { errorType: error?.name ?? 'Error', errorMessage: error?.message ?? String(error), stack: String(error?.stack ?? '').split('\n') },
      initMs,
      durationMs: performance.now() - started,
    });
  }
});
