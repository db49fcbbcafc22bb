export * from './callback-keys.js';
export * from './discovery.js';
export * from './signature.js';
export * from './subscription.js';
export * from './pushed-body.js';
