import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contentHash, urlFor } from '../../domain/syndication/index.js';
import { PublishError } from '../../ports/errors.js';
import type { FeedPublisher } from '../../ports/senders.js';

export interface FolderFeedPublisherOptions {
  /** Keys start with this prefix, which maps onto the folder itself: `feeds/csto.xml` → `<dir>/csto.xml`. */
  keyPrefix?: string;
  /** When set, `put` reports the public URL instead of the file path. */
  publicBaseUrl?: string;
}

const TEMP_SUFFIX = '.tmp';

/**
 * The local FeedPublisher: files under a folder, each written to a temp file and renamed into place, so the
 * HTTP server never serves a half-written feed. Keys map to paths like URL paths (`feeds/x.xml` → `/feeds/x.xml`).
 */
export class FolderFeedPublisher implements FeedPublisher {
  private readonly root: string;
  private readonly keyPrefix: string;

  constructor(
    dir: string,
    private readonly options: FolderFeedPublisherOptions = {},
  ) {
    this.root = path.resolve(dir);
    this.keyPrefix = options.keyPrefix ?? 'feeds/';
  }

  async put(key: string, body: string, _contentType: string): Promise<{ location: string }> {
    const file = this.pathFor(key);
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}${TEMP_SUFFIX}`);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(temp, body, 'utf8');
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new PublishError(`could not write ${key}: ${(error as Error).message}`, key, 'folder', { cause: error });
    }
    return { location: this.options.publicBaseUrl ? urlFor(this.options.publicBaseUrl, key) : file };
  }

  async head(key: string): Promise<{ contentHash: string } | undefined> {
    try {
      return { contentHash: contentHash(await readFile(this.pathFor(key))) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new PublishError(`could not read ${key}: ${(error as Error).message}`, key, 'folder', { cause: error });
    }
  }

  async list(prefix: string): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new PublishError(`could not list ${prefix}: ${(error as Error).message}`, prefix, 'folder', { cause: error });
    }
    return entries
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => this.keyPrefix + path.relative(this.root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .filter((key) => key.startsWith(prefix))
      .sort();
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      const file = this.pathFor(key);
      try {
        await rm(file, { force: true });
        await this.removeEmptyParents(path.dirname(file));
      } catch (error) {
        throw new PublishError(`could not delete ${key}: ${(error as Error).message}`, key, 'folder', { cause: error });
      }
    }
  }

  /** A revoked partner's folder disappears with its last file, so its token path is gone entirely. */
  private async removeEmptyParents(dir: string): Promise<void> {
    let current = dir;
    while (current !== this.root && current.startsWith(this.root + path.sep)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
      current = path.dirname(current);
    }
  }

  private pathFor(key: string): string {
    const rest = key.startsWith(this.keyPrefix) ? key.slice(this.keyPrefix.length) : undefined;
    const segments = rest?.split('/') ?? [];
    const bad = !rest || segments.some((s) => !s || s === '.' || s === '..' || s.startsWith('.') || /[\\\0]/.test(s));
    const file = path.resolve(this.root, ...segments);
    if (bad || !file.startsWith(this.root + path.sep)) throw new PublishError(`refusing key outside the feeds folder: ${key}`, key, 'folder');
    return file;
  }
}
