/**
 * Runs a CloudFront Function's own code (cloudfront-js-2.0, as the template carries it) the way CloudFront runs it
 * for a viewer request: in a context of its own (node:vm) with the runtime's `cloudfront` module (`cf.kvs()` over the
 * associated KeyValueStore) and `crypto` (createHash, createHmac). The local CDN route and the tests use it, so what
 * they exercise is the deployed function, not a copy.
 */
import { createHash, createHmac } from 'node:crypto';
import vm from 'node:vm';

export interface EdgeRequest {
  method: string;
  uri: string;
  querystring: Record<string, { value: string }>;
  headers: Record<string, { value: string }>;
  cookies: Record<string, { value: string }>;
}

export interface EdgeResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, { value: string }>;
  body?: string | { data: string; encoding: 'text' | 'base64' };
}

/** The function's verdict: the request to go on with (its uri perhaps rewritten), or a response of its own. */
export type EdgeOutcome = { request: EdgeRequest } | { response: EdgeResponse };

/** What the function's KeyValueStore holds: a key's value, or undefined. */
export type KeyLookup = (key: string) => string | undefined | Promise<string | undefined>;

const HASHES = new Set(['md5', 'sha1', 'sha256']);

export function loadEdgeFunction(code: string, kvs: KeyLookup): (request: EdgeRequest) => Promise<EdgeOutcome> {
  const store = {
    async get(key: string, options?: { format?: 'string' | 'json' | 'bytes' }) {
      const value = await kvs(String(key));
      if (value === undefined) throw new Error(`Key ${String(key)} not found`);
      return options?.format === 'json' ? (JSON.parse(value) as unknown) : options?.format === 'bytes' ? Buffer.from(value) : value;
    },
    async exists(key: string) {
      return (await kvs(String(key))) !== undefined;
    },
  };
  const modules: Record<string, unknown> = {
    cloudfront: { kvs: () => store },
    crypto: {
      createHash: (algorithm: string) => {
        if (!HASHES.has(algorithm)) throw new Error(`the CloudFront Functions runtime has no ${algorithm} hash`);
        return createHash(algorithm);
      },
      createHmac: (algorithm: string, key: string) => createHmac(algorithm, key),
    },
  };
  // The runtime's `import x from 'module'` of its built-in modules, as plain assignments a script can run.
  const script = code.replace(/^\s*import\s+(\w+)\s+from\s+['"]([^'"]+)['"];?\s*$/gm, (_line, name: string, module: string) => {
    if (!(module in modules)) throw new Error(`a CloudFront Function cannot import ${module}`);
    return `var ${name} = __module(${JSON.stringify(module)});`;
  });
  const context = vm.createContext({ __module: (name: string) => modules[name] });
  const handler = new vm.Script(`${script}\n;handler`, { filename: 'cloudfront-function.js' }).runInContext(context) as (event: unknown) => Promise<unknown>;
  if (typeof handler !== 'function') throw new Error('the CloudFront Function defines no handler');
  return async (request) => {
    // A copy of plain data, so the function can change it freely, as it does its own event.
    const event = { version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '127.0.0.1' }, request: JSON.parse(JSON.stringify(request)) as EdgeRequest };
    const result = (await handler(event)) as EdgeRequest | EdgeResponse;
    return 'statusCode' in result ? { response: result } : { request: result };
  };
}

/** A viewer request for `uri` (as sent: still percent-encoded), without query string, headers or cookies. */
export function edgeRequest(uri: string, method = 'GET'): EdgeRequest {
  return { method, uri, querystring: {}, headers: {}, cookies: {} };
}
