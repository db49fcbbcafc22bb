import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { PushInbox } from '../../ports/push-inbox.js';

/** The push inbox in a private bucket; its lifecycle rule deletes what is left after a few days. */
export class S3PushInbox implements PushInbox {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array, contentType: string | undefined): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType ?? 'application/octet-stream' }));
  }

  async get(key: string): Promise<{ body: Uint8Array; contentType?: string } | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const body = await out.Body!.transformToByteArray();
      return { body, ...(out.ContentType && out.ContentType !== 'application/octet-stream' ? { contentType: out.ContentType } : {}) };
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  }
}
