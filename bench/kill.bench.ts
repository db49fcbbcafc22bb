/**
 * Kill test on the local topology: `npm start` (the real functions on local AWS APIs, data persisted) is killed with
 * SIGKILL at random points of its first cycle, N times, then run until everything is quiet (outbox sweeps
 * included). Every alert that went out is in the outbox (emails by their X-Newshound-Delivery header, Telegram
 * messages by chat and article link); compared with a clean run's: expected / delivered / lost / duplicated.
 * NEWSHOUND_KILLS and NEWSHOUND_KILL_SEED change the number of kills (default 12, 4 with --quick) and their points.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../test/support/seeded-random.js';
import { entryOf } from '../shared/topology/functions.js';
import type { BenchFigures, BenchOptions } from './run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
/**
 * The last run lasts long enough for recovery on the deployed schedules: a poll a kill cut short holds its feed's
 * lease for two minutes, and dispatch-polls comes back every five, so the feed is polled again within seven; the
 * outbox sweep (every minute, matches pending over a minute) re-hands what a kill left between store and hand-off.
 */
const SETTLE_MS = (entryOf('dispatch-polls').triggers.find((t) => t.kind === 'schedule')!.rateMinutes + 2) * 60_000 + 30_000;

export default async function kill(opts: BenchOptions): Promise<BenchFigures> {
  const kills = Number(process.env.NEWSHOUND_KILLS ?? (opts.quick ? 4 : 12));
  const random = mulberry32(Number(process.env.NEWSHOUND_KILL_SEED ?? 20261204));
  const port = 19780;

  const clean = await mkdtemp(path.join(tmpdir(), 'newshound-kill-clean-'));
  await run(['--once', '--data', clean, '--port', String(port)]);
  const expected = await deliveries(path.join(clean, 'outbox'));

  const dir = await mkdtemp(path.join(tmpdir(), 'newshound-kill-'));
  const points: number[] = [];
  for (let i = 0; i < kills; i++) {
    const at = Math.round(1500 + random() * 14_000);
    points.push(at);
    await runAndKill(['--data', dir, '--port', String(port)], at);
    opts.log(`  kill ${i + 1}/${kills} after ${(at / 1000).toFixed(1)} s`);
  }
  opts.log(`  last run: until quiet, at least ${SETTLE_MS / 1000} s`);
  await runUntilQuiet(['--data', dir, '--port', String(port)], port);
  const delivered = await deliveries(path.join(dir, 'outbox'));

  const unique = new Set(delivered);
  const lost = [...new Set(expected)].filter((k) => !unique.has(k));
  const figures = {
    kills,
    killPointsMs: points,
    expected: expected.length,
    delivered: unique.size,
    lost: lost.length,
    duplicated: delivered.length - unique.size,
    ...(lost.length ? { lostKeys: lost } : {}),
  };
  opts.log(`  expected ${figures.expected}, delivered ${figures.delivered}, lost ${figures.lost}, duplicated ${figures.duplicated}`);
  for (const key of lost) opts.log(`  lost: ${key}`);
  await rm(clean, { recursive: true, force: true });
  // A run that lost something keeps its data folder for a look.
  if (lost.length || figures.duplicated) opts.log(`  data folder kept: ${dir}`);
  else await rm(dir, { recursive: true, force: true });
  return figures;
}

/** Each run's output goes to runs.log in its data folder, for a look when something was lost. */
function start(args: string[]) {
  const dir = args[args.indexOf('--data') + 1]!;
  const log = openSync(path.join(dir, 'runs.log'), 'a');
  return spawn(TSX, ['infra/local/main.ts', ...args], { cwd: ROOT, detached: true, stdio: ['ignore', log, log] });
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = start(args);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm start ${args.join(' ')} exited ${code}`))));
  });
}

/** Starts `npm start` and kills its whole process group with SIGKILL after `ms`. */
function runAndKill(args: string[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = start(args);
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function runUntilQuiet(args: string[], port: number): Promise<void> {
  const child = start(args);
  const started = Date.now();
  let quietSince = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const status = await fetch(`http://127.0.0.1:${port}/status.json`).then((r) => (r.ok ? (r.json() as Promise<{ queues: Record<string, { ready: number; inFlight: number; delayed: number }> }>) : undefined)).catch(() => undefined);
    const busy = !status || Object.values(status.queues).some((q) => q.ready + q.inFlight + q.delayed > 0);
    quietSince = busy ? 0 : quietSince || Date.now();
    if (quietSince && Date.now() - quietSince > 10_000 && Date.now() - started > SETTLE_MS) break;
  }
  process.kill(-child.pid!, 'SIGTERM');
  await new Promise((r) => child.on('exit', r));
}

/** One key per alert that went out: email by its delivery id, Telegram by chat and the article's link. */
async function deliveries(outbox: string): Promise<string[]> {
  const keys: string[] = [];
  for (const file of await readdir(outbox).catch(() => [] as string[])) {
    const text = await readFile(path.join(outbox, file), 'utf8');
    if (file.endsWith('.eml')) keys.push(`email ${/^X-Newshound-Delivery: (.+)$/m.exec(text)?.[1]?.trim() ?? file}`);
    if (file.endsWith('.json')) {
      const request = JSON.parse(text) as { chat_id: string; text: string };
      keys.push(`telegram ${request.chat_id} ${/href="([^"]+)"/.exec(request.text)?.[1] ?? request.text.slice(0, 80)}`);
    }
  }
  return keys.sort();
}
