import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import type { FeedSource } from '../../shared/domain/feed-source.js';
import { feedSourceSchema } from '../../shared/runtime/app-config.js';

/** A misspelt key ("uri") is named rather than dropped. */
const feedsFileSchema = z.array(z.strictObject(feedSourceSchema.shape));

export class FeedsFileError extends Error {}

/**
 * `npm start -- --feeds FILE`: the admin's own feeds for the local runtime, a JSON array of feeds as the config has
 * them (`[{"id": "my-feed", "url": "https://…", "title"?: "…", "enabled"?: false, "fullText"?: "auto" | "always" | "never"}]`). Every error names the file and
 * the key to fix (`[1].url: …`). `taken` are the ids already configured (the sample feeds).
 */
export function readFeedsFile(file: string, taken: readonly string[] = []): FeedSource[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FeedsFileError(`--feeds ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read it (${code ?? String(error)})`}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FeedsFileError(`--feeds ${file}: not valid JSON (${(error as Error).message}); expected [{"id": "my-feed", "url": "https://example.org/feed.xml"}]`);
  }
  const parsed = feedsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
    throw new FeedsFileError(`--feeds ${file}: ${key ? `${key}: ${issue.message}` : 'expected a JSON array of feeds: [{"id": "my-feed", "url": "https://example.org/feed.xml"}]'}`);
  }
  const seen = new Set(taken);
  parsed.data.forEach((feed, i) => {
    if (seen.has(feed.id)) {
      const sample = taken.includes(feed.id) ? ` (a sample feed's id; choose another, or pass --no-samples to leave the samples out)` : '';
      throw new FeedsFileError(`--feeds ${file}: [${i}].id: duplicate id "${feed.id}"${sample}`);
    }
    seen.add(feed.id);
  });
  return parsed.data;
}
