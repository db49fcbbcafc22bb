import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkRequest, loopbackHosts, refuse } from '../loopback-guard.js';

/** An error the client sees as `{"__type": type, "message": ...}`; the SDK turns `type` into its typed exception. */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export type AwsJsonOperation = (input: Record<string, unknown>) => unknown;

export interface AwsJsonServerOptions {
  host?: string;
  port?: number;
  /** The X-Amz-Target prefix, e.g. `AmazonSSM`. */
  targetPrefix: string;
  operations: Record<string, AwsJsonOperation>;
  /** The service's modeled 500 error, e.g. `InternalServiceError`. */
  internalErrorType: string;
}

const MAX_BODY_BYTES = 1024 * 1024;
const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** An HTTP server speaking the AWS JSON 1.1 protocol: `POST /`, operation in X-Amz-Target, JSON in and out. Requests are not signature-checked. */
export async function startAwsJsonServer(options: AwsJsonServerOptions) {
  const operations = new Map(Object.entries(options.operations));
  let hosts = new Set<string>();
  const server = createServer((req, res) => {
    const check = checkRequest(req, hosts);
    if (!check.ok) return refuse(res, check, req);
    handle(req, res, check.url).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const known = error instanceof AwsError ? error : new AwsError(options.internalErrorType, `Local ${options.targetPrefix} failed: ${(error as Error).message}`, 500);
      reply(res, known.status, { __type: known.type, message: known.message });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL) {
    const target = req.headers['x-amz-target'];
    const operationName = typeof target === 'string' && target.startsWith(`${options.targetPrefix}.`) ? target.slice(options.targetPrefix.length + 1) : undefined;
    const operation = operationName === undefined ? undefined : operations.get(operationName);
    if (req.method !== 'POST' || url.pathname !== '/' || operation === undefined) {
      req.resume();
      throw new AwsError('UnknownOperationException', `Expected POST / with X-Amz-Target: ${options.targetPrefix}.<Operation>, one of ${[...operations.keys()].join(', ')}; got ${req.method} ${req.url} with X-Amz-Target ${JSON.stringify(target ?? null)}`);
    }
    const body = await readBody(req);
    if (body === undefined) {
      res.setHeader('connection', 'close');
      throw new AwsError('RequestEntityTooLargeException', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`, 413);
    }
    reply(res, 200, await operation(parseInput(body)));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  hosts = loopbackHosts(port);
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; without this, close waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

/** The body, or undefined once it passes the limit (the rest is discarded, not buffered). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseInput(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    // Not JSON.parse's message: it quotes the body, which may carry a secret.
    throw new AwsError('SerializationException', 'The request body is not valid JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new AwsError('SerializationException', 'The request body must be a JSON object');
  return input as Record<string, unknown>;
}

function reply(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body ?? {});
  res.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
  res.end(text);
}
