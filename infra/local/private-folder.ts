/**
 * The local data folder holds subscribers' addresses, signed links and the secrets: it is this user's alone. Folders
 * are 0700 and files 0600, those of an earlier run included; what the emulators write later is covered by the umask
 * `npm start` sets (infra/local/main.ts), and by the folders being closed to others in any case.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const PRIVATE_UMASK = 0o077;

export function makePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrict(dir);
}

function restrict(target: string): void {
  const stat = lstatSync(target);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    chmodSync(target, 0o700);
    for (const entry of readdirSync(target)) restrict(path.join(target, entry));
  } else if (stat.isFile()) chmodSync(target, stat.mode & 0o600);
}
