import type { Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import sesLocalModule from 'aws-ses-v2-local';
import { listen, portInUse } from './in-use.js';
import { guardServer } from './loopback-guard.js';

type StartSes = (config: { host: string; port: number }) => Promise<Server>;
// aws-ses-v2-local is CommonJS with `exports.default`: under ESM the function may sit one level down.
const startSes = ((sesLocalModule as unknown as { default?: StartSes }).default ?? sesLocalModule) as unknown as StartSes;

/**
 * Starts aws-ses-v2-local on loopback; its page at `/` shows every email, `/store` lists them as JSON. It holds every
 * email's links and tokens, so only requests to its own loopback names reach it (DNS rebinding).
 */
export async function startSesServer(options: { host?: string; port?: number } = {}) {
  const host = options.host ?? '127.0.0.1';
  const wanted = options.port ?? 0;
  // aws-ses-v2-local swallows its listen error and hands back a server that does not listen: try the port first.
  if (wanted !== 0) {
    const probe = createServer();
    await listen(probe, host, wanted, 'the local SES');
    await new Promise((resolve) => probe.close(resolve));
  }
  const server = await startSes({ host, port: wanted });
  if (!server.listening) {
    server.close();
    throw portInUse(wanted, host, 'the local SES');
  }
  guardServer(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
