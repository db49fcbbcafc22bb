export * from './environment.js';
export * from './functions.js';
export * from './metrics.js';
export * from './queues.js';
export * from './concurrency.js';
