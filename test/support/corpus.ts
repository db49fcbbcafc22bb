/**
 * The third-party feed corpus lives beside the repository (../shared/corpus), never inside it.
 * Tests read it as bytes through these helpers and fail plainly when it is absent.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the corpus is expected: ../shared/corpus beside the checkout. */
export function corpusRoot(): string {
  return resolve(repoRoot, '..', 'shared', 'corpus');
}

/** Absolute path of the corpus folder, or of `parts` inside it; throws when the corpus is absent. */
export function corpusPath(...parts: string[]): string {
  const root = corpusRoot();
  if (!existsSync(root)) throw new Error(`corpus absent at ${root}`);
  return join(root, ...parts);
}

/** A corpus file's bytes. */
export function readCorpus(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(...parts)));
}

/** Every file under `parts` (recursively), as paths relative to the corpus root, sorted. */
export function listCorpus(...parts: string[]): string[] {
  const root = corpusPath();
  const start = corpusPath(...parts);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(root, full));
    }
  };
  walk(start);
  return out.sort();
}
