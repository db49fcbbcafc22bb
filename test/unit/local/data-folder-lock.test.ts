import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFolderInUseError, LOCK_FILE, lockDataFolder } from '../../../infra/local/data-folder-lock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'newshound-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A process that has exited: its pid is free. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('the data folder lock', () => {
  it('refuses a second holder while the first holds it, naming the folder, the owner and what to do', () => {
    const first = lockDataFolder(dir, 'npm start', 'unused');
    expect(() => lockDataFolder(dir, 'newshound backtest', 'stop it first')).toThrow(DataFolderInUseError);
    expect(() => lockDataFolder(dir, 'newshound backtest', 'stop it first')).toThrow(
      new RegExp(`^data folder ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by npm start \\(pid ${process.pid}, since [^)]+\\); stop it first$`),
    );
    first.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    lockDataFolder(dir, 'newshound backtest', 'unused').release();
  });

  it('takes over a lock whose owner is gone', async () => {
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: await deadPid(), command: 'npm start', since: '2026-01-01T00:00:00.000Z' }));
    const lock = lockDataFolder(dir, 'npm start -- --once', 'unused');
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, command: 'npm start -- --once' });
    lock.release();
  });

  it('takes over an unreadable lock file', async () => {
    await writeFile(path.join(dir, LOCK_FILE), 'garbage');
    lockDataFolder(dir, 'npm start', 'unused').release();
  });

  it('leaves a lock another holder took after a release alone', async () => {
    const lock = lockDataFolder(dir, 'npm start', 'unused');
    const other = { pid: process.ppid, command: 'npm start', since: 'later' };
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(other));
    lock.release();
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'))).toEqual(other);
  });
});
