// Bundled beside the handler as feed-parse.worker.mjs (every functions/<name>/*.worker.ts is): the thread that parses feeds.
import '../../shared/adapters/worker-threads/feed-parse-worker-main.js';
