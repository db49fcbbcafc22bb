// Bundled beside the handler as page-extract.worker.mjs: the thread that extracts article pages' text (full text).
import '../../shared/adapters/worker-threads/page-extract-worker-main.js';
