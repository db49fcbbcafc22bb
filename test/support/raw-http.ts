import { connect } from 'node:net';

/**
 * Sends bytes exactly as given over a fresh TCP connection and returns what came back until the server closed the
 * connection or went quiet (no client-side validation, so malformed request lines and headers reach the server).
 */
export function rawRequest(port: number, request: string | Buffer, quietMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    };
    socket.on('connect', () => {
      socket.write(request);
      quiet();
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      quiet();
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? done() : reject(error)));
  });
}

/** The status code of the first response in a raw reply, if there is one. */
export function statusOf(reply: string): number | undefined {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(reply);
  return match ? Number(match[1]) : undefined;
}
