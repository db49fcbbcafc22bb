import { createHash } from 'node:crypto';
import { DeleteObjectsCommand, HeadObjectCommand, ListObjectsV2Command, NotFound, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_HASH_METADATA, S3FeedPublisher } from '../../../shared/adapters/s3/s3-feed-publisher.js';
import { contentHash } from '../../../shared/domain/syndication/index.js';
import { PublishError } from '../../../shared/ports/errors.js';
import { publishTopicFeeds } from '../../../shared/usecases/publish-feeds.js';
import { anArticle } from '../../support/factories.js';
import { MemoryArticleStore, MemoryMatchStore } from '../../support/memory-stores.js';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
const publisher = new S3FeedPublisher(client, { bucket: 'feeds-bucket', publicBaseUrl: 'https://d123.cloudfront.net' });

const serviceError = (name: string, status: number) => new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: name });

describe('S3FeedPublisher (AWS call shapes)', () => {
  beforeEach(() => s3.reset());

  it.each([
    ['feeds/csto.xml', 'application/rss+xml; charset=utf-8', 'public, max-age=300'],
    ['feeds/csto.json', 'application/feed+json; charset=utf-8', 'public, max-age=300'],
    ['feeds/private/tok/csto.atom', 'application/atom+xml; charset=utf-8', 'private, no-store'],
  ])('puts %s with its type, Cache-Control, MD5 (strong ETag) and the SHA-256 as metadata', async (key, type, cache) => {
    s3.on(PutObjectCommand).resolves({ ETag: '"abc"' });
    const body = 'Переговоры ]]> 😀';
    const { location } = await publisher.put(key, body, type);
    expect(location).toBe(`https://d123.cloudfront.net/${key}`);
    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Bucket: 'feeds-bucket', Key: key, ContentType: type, CacheControl: cache, Metadata: { [CONTENT_HASH_METADATA]: contentHash(body) } });
    expect(Buffer.from(input.Body as Uint8Array).toString('utf8')).toBe(body);
    expect(input.ContentMD5).toBe(createHash('md5').update(body, 'utf8').digest('base64'));
  });

  it('head returns the stored hash, an empty hash for foreign objects, undefined when absent', async () => {
    s3.on(HeadObjectCommand, { Key: 'feeds/a.xml' }).resolves({ Metadata: { [CONTENT_HASH_METADATA]: 'f00' } });
    s3.on(HeadObjectCommand, { Key: 'feeds/foreign.xml' }).resolves({ Metadata: {} });
    s3.on(HeadObjectCommand, { Key: 'feeds/absent.xml' }).rejects(new NotFound({ $metadata: { httpStatusCode: 404 }, message: 'NotFound' }));
    expect(await publisher.head('feeds/a.xml')).toEqual({ contentHash: 'f00' });
    expect(await publisher.head('feeds/foreign.xml')).toEqual({ contentHash: '' });
    expect(await publisher.head('feeds/absent.xml')).toBeUndefined();
  });

  it.each([
    ['head', () => publisher.head('feeds/a.xml'), HeadObjectCommand],
    ['put', () => publisher.put('feeds/a.xml', 'x', 'text/plain'), PutObjectCommand],
    ['list', () => publisher.list('feeds/'), ListObjectsV2Command],
  ] as const)('%s throws a PublishError naming the key on AccessDenied / throttling', async (_op, call, command) => {
    s3.on(command as typeof HeadObjectCommand).rejects(serviceError('AccessDenied', 403));
    await expect(call()).rejects.toSatisfy((e: unknown) => e instanceof PublishError && e.provider === 's3' && /AccessDenied/.test(e.message));
    s3.reset();
    s3.on(command as typeof HeadObjectCommand).rejects(serviceError('SlowDown', 503));
    await expect(call()).rejects.toBeInstanceOf(PublishError);
  });

  it('lists every page under a prefix', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: 'feeds/b.xml' }, { Key: 'feeds/a.xml' }], IsTruncated: true, NextContinuationToken: 't1' })
      .resolvesOnce({ Contents: [{ Key: 'feeds/private/t/c.xml' }], IsTruncated: false });
    expect(await publisher.list('feeds/')).toEqual(['feeds/a.xml', 'feeds/b.xml', 'feeds/private/t/c.xml']);
    const calls = s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    // The SDK paginator reuses one input object, so only the last call's token can be checked.
    expect(calls).toHaveLength(2);
    for (const input of calls) expect(input).toMatchObject({ Bucket: 'feeds-bucket', Prefix: 'feeds/' });
    expect(calls[1]!.ContinuationToken).toBe('t1');
  });

  it('lists each key with the MD5 its ETag carries; a multipart or foreign ETag gives none', async () => {
    const md5 = createHash('md5').update('x').digest('hex');
    s3.on(ListObjectsV2Command).resolves({
      Contents: [
        { Key: 'feeds/b.xml', ETag: `"${md5.toUpperCase()}"` },
        { Key: 'feeds/a.xml', ETag: `"${md5}-2"` },
        { Key: 'feeds/c.xml' },
      ],
      IsTruncated: false,
    });
    expect(await publisher.listWithMd5('feeds/')).toEqual(new Map([['feeds/a.xml', undefined], ['feeds/b.xml', md5], ['feeds/c.xml', undefined]]));
  });

  it('lets publish-feeds find unchanged files from the listing alone: no HEAD, no PUT', async () => {
    const stored = new Map<string, string>();
    s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: Uint8Array }) => {
      stored.set(input.Key, createHash('md5').update(input.Body).digest('hex'));
      return {};
    });
    s3.on(ListObjectsV2Command).callsFake(() => ({ Contents: [...stored].map(([Key, md5]) => ({ Key, ETag: `"${md5}"` })), IsTruncated: false }));
    const articles = new MemoryArticleStore();
    const matches = new MemoryMatchStore();
    const article = anArticle({ title: 'CSTO summit opens' });
    await articles.putIfAbsent(article);
    await matches.putPending({ articleId: article.id, topicId: 'csto', terms: [{ term: 'CSTO', field: 'title', snippet: 'CSTO summit' }], matchedAt: article.firstSeen });
    const deps = { articles, matches, publisher, config: { baseUrl: 'https://d123.cloudfront.net', itemsPerFeed: 10, topics: [{ id: 'csto', name: 'CSTO' }], partners: [{ id: 'acme', token: 'a'.repeat(40), topics: ['csto'] }] } };
    const first = await publishTopicFeeds(deps, { topicIds: ['csto'] });
    expect(first.written.length).toBeGreaterThan(0);
    s3.resetHistory();
    const again = await publishTopicFeeds(deps, { topicIds: ['csto'] });
    expect(again.written).toEqual([]);
    expect(again.unchanged.sort()).toEqual([...first.written].sort());
    expect(s3.commandCalls(HeadObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('deletes in batches of 1000, quietly, and reports per-key errors', async () => {
    s3.on(DeleteObjectsCommand).resolves({});
    const keys = Array.from({ length: 1001 }, (_, i) => `feeds/private/t/${i}.xml`);
    await publisher.delete(keys);
    const calls = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Delete!.Objects!.length)).toEqual([1000, 1]);
    expect(calls[0]).toMatchObject({ Bucket: 'feeds-bucket', Delete: { Quiet: true } });
    s3.reset();
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'feeds/x.xml', Code: 'AccessDenied', Message: 'no' }] });
    await expect(publisher.delete(['feeds/x.xml'])).rejects.toThrow(/feeds\/x.xml: AccessDenied/);
  });
});
