import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  body: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * A loopback HTTP server serving feeds from a mutable map, with ETag/304 support and a request log.
 * Tests change `files` between polls to simulate a feed publishing new items.
 */
export async function startFeedServer(files: Record<string, ServedFile> = {}) {
  const requests: { path: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path, headers: req.headers });
    const file = files[path];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const body = typeof file.body === 'string' ? Buffer.from(file.body) : Buffer.from(file.body);
    const etag = `"${body.length}-${hash(body)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType ?? 'application/rss+xml; charset=utf-8', etag, ...file.headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function hash(bytes: Uint8Array): string {
  let h = 2166136261;
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h.toString(16);
}
