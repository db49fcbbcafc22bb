/**
 * One process at a time per data folder: dynalite (LevelDB), fauxqs (SQLite) and the parameter store keep their
 * files open, and a second process on the same folder fails deep inside them ("Database is closed"). The lock is a
 * file naming its owner's pid; a lock whose owner is gone (killed, crashed) is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InUseError } from './in-use.js';

export const LOCK_FILE = 'newshound.lock';

interface LockOwner {
  pid: number;
  command: string;
  since: string;
}

/** The folder is held by a live process; the message says which and what to do. */
export class DataFolderInUseError extends InUseError {
  constructor(
    readonly folder: string,
    readonly owner: LockOwner,
    advice: string,
  ) {
    super(`data folder ${folder} is in use by ${owner.command} (pid ${owner.pid}, since ${owner.since}); ${advice}`);
  }
}

export interface DataFolderLock {
  release(): void;
}

/**
 * Takes the folder's lock for `command` (how the owner is named to whoever finds the folder taken), or throws
 * DataFolderInUseError with `advice` (what the caller can do instead). The lock is released on release() and when
 * the process exits.
 */
export function lockDataFolder(folder: string, command: string, advice: string): DataFolderLock {
  const file = path.join(folder, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, command, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = readOwner(file);
      if (owner && isAlive(owner.pid)) throw new DataFolderInUseError(folder, owner, advice);
      rmSync(file, { force: true });
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    if (readOwner(file)?.pid === me.pid && readOwner(file)?.since === me.since) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { release };
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' ? { pid: owner.pid, command: String(owner.command ?? 'another process'), since: String(owner.since ?? '?') } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
