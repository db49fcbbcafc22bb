import {
  CloudFrontKeyValueStoreClient,
  DescribeKeyValueStoreCommand,
  ListKeysCommand,
  UpdateKeysCommand,
  type CloudFrontKeyValueStoreClientConfig,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
// The KeyValueStore API signs with SigV4A. The signer is bundled (it is no @aws-sdk/* module, which the bundles leave to
// the Lambda runtime's SDK, and that SDK need not ship it) and handed to the client, not registered globally.
import { SignatureV4a } from '@smithy/signature-v4a';
import type { PartnerAccessEntries } from '../../domain/syndication/partner-access.js';
import type { PartnerAccessTable } from '../../ports/partner-access.js';

/** UpdateKeys takes at most 50 puts and deletes together. */
const UPDATE_BATCH = 50;

/**
 * The partner token table as a CloudFront KeyValueStore: DescribeKeyValueStore for its ETag, ListKeys for what it
 * holds, then UpdateKeys (puts and deletes, If-Match the ETag, each answer giving the next ETag). A concurrent
 * writer makes the update fail (ConflictException) rather than be overwritten; the caller retries.
 */
export class KvsPartnerAccessTable implements PartnerAccessTable {
  constructor(
    private readonly client: CloudFrontKeyValueStoreClient,
    private readonly kvsArn: string,
  ) {}

  async replaceAll(entries: PartnerAccessEntries): Promise<{ puts: number; deletes: number }> {
    const described = await this.client.send(new DescribeKeyValueStoreCommand({ KvsARN: this.kvsArn }));
    let etag = described.ETag;
    const held = new Map<string, string>();
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new ListKeysCommand({ KvsARN: this.kvsArn, ...(nextToken ? { NextToken: nextToken } : {}) }));
      for (const item of page.Items ?? []) if (item.Key !== undefined) held.set(item.Key, item.Value ?? '');
      nextToken = page.NextToken;
    } while (nextToken);

    const puts = [...entries].filter(([key, value]) => held.get(key) !== value).map(([Key, Value]) => ({ Key, Value }));
    const deletes = [...held.keys()].filter((key) => !entries.has(key)).map((Key) => ({ Key }));
    const changes: ({ put: { Key: string; Value: string } } | { del: { Key: string } })[] = [...deletes.map((del) => ({ del })), ...puts.map((put) => ({ put }))];
    for (let i = 0; i < changes.length; i += UPDATE_BATCH) {
      const batch = changes.slice(i, i + UPDATE_BATCH);
      const batchPuts = batch.flatMap((c) => ('put' in c ? [c.put] : []));
      const batchDeletes = batch.flatMap((c) => ('del' in c ? [c.del] : []));
      const updated = await this.client.send(
        new UpdateKeysCommand({ KvsARN: this.kvsArn, IfMatch: etag, ...(batchPuts.length ? { Puts: batchPuts } : {}), ...(batchDeletes.length ? { Deletes: batchDeletes } : {}) }),
      );
      etag = updated.ETag;
    }
    return { puts: puts.length, deletes: deletes.length };
  }
}

/**
 * A client for the table. With an endpoint URL configured (the local runtime's gateway), requests go to it as given:
 * the SDK's rules would put the account id in front of its host name.
 */
export function kvsClient(options: { endpointUrl?: string } & Pick<CloudFrontKeyValueStoreClientConfig, 'credentials' | 'region' | 'maxAttempts'> = {}): CloudFrontKeyValueStoreClient {
  const { endpointUrl, ...config } = options;
  return new CloudFrontKeyValueStoreClient({
    ...config,
    signerConstructor: SignatureV4a as unknown as NonNullable<CloudFrontKeyValueStoreClientConfig['signerConstructor']>,
    ...(endpointUrl ? { endpointProvider: () => ({ url: new URL(endpointUrl) }) } : {}),
  });
}
