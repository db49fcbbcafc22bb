import type { Server } from 'node:net';

/**
 * Something `npm start` (or a command on its data folder) needs is taken by another process: a port, the data folder.
 * Bad input in the CLI's sense (exit 2): the message names what is taken and how to choose another.
 */
export class InUseError extends Error {}

/** The error for a port another process listens on; `what` names the server that wanted it. */
export function portInUse(port: number, host: string, what: string): InUseError {
  return new InUseError(
    `port ${port} on ${host} (${what}) is in use, by another newshound or another program; choose other ports with --port N (the status page takes N, the local SES N+1, the Telegram stand-in N+2), or --port 0 for any free ones`,
  );
}

/** Listens on host:port, turning "address in use" into the error that says what to do. */
export function listen(server: Server, host: string, port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portInUse(port, host, what) : error));
    server.listen(port, host, () => resolve());
  });
}
