import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireRequest } from '../../infra/local/aws/iam-requests.js';

/**
 * A loopback server that records what real AWS SDK clients send, answering 200 with a minimal body.
 * `capture(send)` runs one client call (its failure to parse the reply does not matter) and returns
 * the one request it made, in the shape the local gateway sees.
 */
export async function startSdkRequestCapture() {
  const received: WireRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(toWireRequest(req, Buffer.concat(chunks)));
      const json = req.headers['x-amz-target'] !== undefined;
      res.writeHead(200, { 'content-type': json ? 'application/x-amz-json-1.0' : 'application/xml' }).end(json ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    async capture(send: () => Promise<unknown>): Promise<WireRequest> {
      received.length = 0;
      await send().catch(() => undefined);
      if (received.length !== 1) throw new Error(`expected the client to send one request, it sent ${received.length}`);
      return received[0]!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function toWireRequest(req: IncomingMessage, body: Buffer): WireRequest {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return {
    method: req.method ?? 'GET',
    path: queryAt === -1 ? url : url.slice(0, queryAt),
    query: new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1)),
    headers,
    body,
  };
}
