import { createHash } from 'node:crypto';
import { DeleteObjectsCommand, HeadObjectCommand, paginateListObjectsV2, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { contentHash, PRIVATE_PREFIX, urlFor } from '../../domain/syndication/index.js';
import { PublishError } from '../../ports/errors.js';
import type { FeedPublisher } from '../../ports/senders.js';

export interface S3FeedPublisherOptions {
  bucket: string;
  /** CloudFront (or bucket website) URL the keys are served under; `put` reports it as the location. */
  publicBaseUrl?: string;
  /** Default `public, max-age=300`: readers and CloudFront re-check every 5 minutes, with If-None-Match. */
  cacheControl?: string;
  /**
   * Partner feeds must not sit in any cache under their secret URL: a revoked partner's feed must stop answering as soon
   * as it is deleted. Default `private, no-store` (CloudFront's behavior for them caches nothing either).
   */
  privateCacheControl?: string;
}

/** S3 object metadata holding the hex SHA-256 of the body (x-amz-meta-content-sha256). */
export const CONTENT_HASH_METADATA = 'content-sha256';
const DELETE_BATCH = 1000;

/**
 * The AWS FeedPublisher. Single-part PutObject, so S3's ETag is the quoted MD5 of the bytes: a strong validator
 * CloudFront passes on and answers If-None-Match with (this needs SSE-S3, not SSE-KMS, on the bucket).
 * A rebuild compares with the MD5s the listing carries (no request per file) and skips unchanged PUTs; the SHA-256
 * rides along as metadata for `head`, where a listing gives no MD5 (a multipart upload, another store).
 */
export class S3FeedPublisher implements FeedPublisher {
  constructor(
    private readonly s3: S3Client,
    private readonly options: S3FeedPublisherOptions,
  ) {}

  async put(key: string, body: string, contentType: string): Promise<{ location: string }> {
    const bytes = Buffer.from(body, 'utf8');
    const isPrivate = key.startsWith(`${PRIVATE_PREFIX}/`);
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: bytes,
          ContentType: contentType,
          CacheControl: isPrivate ? (this.options.privateCacheControl ?? 'private, no-store') : (this.options.cacheControl ?? 'public, max-age=300'),
          ContentMD5: createHash('md5').update(bytes).digest('base64'),
          Metadata: { [CONTENT_HASH_METADATA]: contentHash(bytes) },
        }),
      );
    } catch (error) {
      throw this.failure('put', key, error);
    }
    return { location: this.options.publicBaseUrl ? urlFor(this.options.publicBaseUrl, key) : `s3://${this.options.bucket}/${key}` };
  }

  async head(key: string): Promise<{ contentHash: string } | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      // An object written by something else has no hash: report it as different so it is rewritten.
      return { contentHash: out.Metadata?.[CONTENT_HASH_METADATA] ?? '' };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.failure('head', key, error);
    }
  }

  async list(prefix: string): Promise<string[]> {
    return [...(await this.listWithMd5(prefix)).keys()];
  }

  /** The listing's ETags: the quoted MD5 of a single-part upload under SSE-S3 (a multipart one, `<md5>-<parts>`, is left out). */
  async listWithMd5(prefix: string): Promise<Map<string, string | undefined>> {
    const found: [string, string | undefined][] = [];
    try {
      for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket: this.options.bucket, Prefix: prefix })) {
        for (const object of page.Contents ?? []) {
          const md5 = /^"?([0-9a-f]{32})"?$/i.exec(object.ETag ?? '')?.[1]?.toLowerCase();
          if (object.Key) found.push([object.Key, md5]);
        }
      }
    } catch (error) {
      throw this.failure('list', prefix, error);
    }
    return new Map(found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  async delete(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      let errors;
      try {
        ({ Errors: errors } = await this.s3.send(
          new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
        ));
      } catch (error) {
        throw this.failure('delete', batch[0]!, error);
      }
      const first = errors?.[0];
      if (first) throw new PublishError(`S3 delete failed for ${errors!.length} key(s), first ${first.Key}: ${first.Code} ${first.Message}`, first.Key ?? batch[0]!, 's3');
    }
  }

  private failure(operation: string, key: string, error: unknown): PublishError {
    const name = (error as { name?: string }).name ?? 'Error';
    return new PublishError(`S3 ${operation} ${this.options.bucket}/${key} failed: ${name}: ${(error as Error).message}`, key, 's3', { cause: error });
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
