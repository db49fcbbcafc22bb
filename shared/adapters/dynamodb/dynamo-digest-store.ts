import { paginateQuery, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from './batch-write.js';
import type { DigestBatchRef, DigestEntry, DigestStore } from '../../ports/delivery-state.js';
import { isConditionalCheckFailed } from './table-schema.js';

const batchPk = (ref: DigestBatchRef) => `DIGEST#${ref.subscriberId}#${ref.channel}#${ref.slot}`;

/**
 * Held alerts. Per batch (subscriber, channel, slot): one BATCH marker, indexed by slot on gsi1 (DIGESTS / <slot>#...),
 * and one item per article. Writes are idempotent; the marker keeps `enqueuedAt` across re-adds.
 */
export class DynamoDigestStore implements DigestStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(entry: DigestEntry): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: batchPk(entry), sk: `ART#${entry.articleId}`, type: 'digest-entry', entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: batchPk(entry), sk: 'BATCH' },
        UpdateExpression: 'SET #type = :type, gsi1pk = :digests, gsi1sk = :slotKey, #ref = :ref',
        ExpressionAttributeNames: { '#type': 'type', '#ref': 'ref' },
        ExpressionAttributeValues: {
          ':type': 'digest-batch',
          ':digests': 'DIGESTS',
          ':slotKey': `${entry.slot}#${entry.subscriberId}#${entry.channel}`,
          ':ref': { subscriberId: entry.subscriberId, channel: entry.channel, slot: entry.slot },
        },
      }),
    );
  }

  async listDue(now: Date, enqueuedBefore: Date, limit: number): Promise<DigestBatchRef[]> {
    const due: DigestBatchRef[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :digests AND gsi1sk <= :now',
        FilterExpression: 'attribute_not_exists(enqueuedAt) OR enqueuedAt < :before',
        ExpressionAttributeValues: { ':digests': 'DIGESTS', ':now': `${now.toISOString()}#\uffff`, ':before': enqueuedBefore.toISOString() },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const ref = item.ref as DigestBatchRef;
        if (ref.slot <= now.toISOString()) due.push(ref);
        if (due.length >= limit) return due;
      }
    }
    return due;
  }

  async markEnqueued(ref: DigestBatchRef, now: Date): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: batchPk(ref), sk: 'BATCH' },
        UpdateExpression: 'SET enqueuedAt = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    ).catch((error: unknown) => {
      if (!isConditionalCheckFailed(error)) throw error;
    });
  }

  async entries(ref: DigestBatchRef): Promise<DigestEntry[]> {
    const items = await this.items(ref);
    return items.filter((i) => i.type === 'digest-entry').map((i) => i.entry as DigestEntry);
  }

  async removeBatch(ref: DigestBatchRef): Promise<void> {
    const items = await this.items(ref);
    const deletes = items.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
    await batchWriteAll(this.doc, this.tableName, deletes, `digest deletes for ${batchPk(ref)}`);
  }

  private async items(ref: DigestBatchRef): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateQuery({ client: this.doc }, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': batchPk(ref) }, ConsistentRead: true });
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  }
}
