/**
 * A second run on what a running `npm start` holds: its data folder (another `npm start -- --once`, `newshound
 * backtest --data`) or a port. Each says in one line what is taken and what to do, and exits 2.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSesServer } from '../../infra/local/ses-server.js';
import { startTelegramStandIn } from '../../infra/local/telegram-stand-in.js';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** A port held here whose neighbour below is free: `npm start --port <port - 1>` then meets the taken SES port first. */
async function occupiedSesPort(): Promise<{ port: number; server: Server }> {
  for (;;) {
    const held = await occupiedPort();
    if (held.port > 1024 && (await isFree(held.port - 1))) return held;
    await close(held.server);
  }
}

describe('a data folder in use', () => {
  let dataDir: string;
  let running: ChildProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-in-use-'));
    running = spawn(tsx, ['infra/local/main.ts', '--data', dataDir, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      running.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl-C to stop')) resolve();
      });
      running.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${output}`)));
    });
  }, 240_000);

  afterAll(async () => {
    if (running.exitCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('npm start -- --once on it: one line naming the folder and its owner, exit 2', { timeout: 120_000 }, async () => {
    const result = await exec(tsx, ['infra/local/main.ts', '--once', '--data', dataDir, '--port', '0'], { cwd: root }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(result).toMatchObject({ code: 2 });
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^newshound: data folder (.+) is in use by npm start \(pid \d+, since [^)]+\); stop it first \(Ctrl-C where it runs\), or give this run another folder with --data DIR$/);
    expect(lines[0]).toContain(dataDir);
  });

  it('newshound backtest --data on it: one line naming the folder and --endpoint, exit 2', { timeout: 120_000 }, async () => {
    const result = await exec(tsx, ['cli/main.ts', 'backtest', 'csto', '--data', dataDir], { cwd: root }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(result).toMatchObject({ code: 2 });
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`newshound backtest: data folder ${dataDir} is in use by npm start (pid `);
    expect(lines[0]!.startsWith('newshound backtest: ')).toBe(true);
    expect(lines[0]).toContain('--endpoint');
  });
});

describe('a port in use', () => {
  it('the local SES: names the port and how to choose others', async () => {
    const { port, server } = await occupiedPort();
    try {
      await expect(startSesServer({ port })).rejects.toThrow(`port ${port} on 127.0.0.1 (the local SES) is in use`);
      await expect(startSesServer({ port })).rejects.toThrow('choose other ports with --port N');
    } finally {
      await close(server);
    }
  });

  it('the Telegram stand-in: names the port', async () => {
    const { port, server } = await occupiedPort();
    try {
      await expect(startTelegramStandIn({ port })).rejects.toThrow(`port ${port} on 127.0.0.1 (the Telegram stand-in) is in use`);
    } finally {
      await close(server);
    }
  });

  it('npm start with the SES port taken: one line, exit 2', { timeout: 300_000 }, async () => {
    // Other tests open ports too: should one take the status page's or the Telegram stand-in's port (N, N+2) between the
    // check and the start, try again.
    for (let attempt = 1; ; attempt++) {
      const { port, server } = await occupiedSesPort();
      const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-port-'));
      try {
        const result = await exec(tsx, ['infra/local/main.ts', '--once', '--data', dataDir, '--port', String(port - 1)], { cwd: root }).catch((error: { code: number; stderr: string }) => error);
        expect(result).toMatchObject({ code: 2 });
        const lines = result.stderr.trim().split('\n');
        if (attempt < 3 && lines.length === 1 && [port - 1, port + 1].some((p) => lines[0]!.startsWith(`newshound: port ${p} on 127.0.0.1 (`))) continue;
        expect(lines).toEqual([expect.stringMatching(new RegExp(`^newshound: port ${port} on 127\\.0\\.0\\.1 \\(the local SES\\) is in use.*--port N`))]);
        return;
      } finally {
        await close(server);
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  });
});
