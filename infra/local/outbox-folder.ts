/** Writes one file per sent message into the local outbox folder, atomically (temp file + rename), with sortable names. */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class OutboxFolder {
  private seq = 0;
  private ready: Promise<unknown> | undefined;

  constructor(
    readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Writes `body` as `<time>-<seq>-<kind>-<slug>.<ext>` and returns the path. */
  async write(kind: string, slug: string, ext: 'eml' | 'json', body: string | Uint8Array): Promise<string> {
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.ready;
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    const safeSlug = slug.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60) || 'x';
    const name = `${stamp}-${String(++this.seq).padStart(5, '0')}-${kind}-${safeSlug}.${ext}`;
    const file = path.join(this.dir, name);
    const tmp = path.join(this.dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    // Emails carry their recipients' signed unsubscribe and preferences links.
    await writeFile(tmp, body, { mode: 0o600 });
    await rename(tmp, file);
    return file;
  }
}
