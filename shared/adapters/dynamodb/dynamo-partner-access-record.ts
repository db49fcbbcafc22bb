import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PartnerAccessRecord } from '../../ports/partner-access.js';

const KEY = { pk: 'PARTNERS', sk: 'ACCESS' } as const;

/** One item (pk PARTNERS, sk ACCESS): the fingerprint of the partner entries last written to the CDN's table. */
export class DynamoPartnerAccessRecord implements PartnerAccessRecord {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async fingerprint(): Promise<string | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: KEY, ConsistentRead: true }));
    return typeof Item?.fingerprint === 'string' ? Item.fingerprint : undefined;
  }

  async record(fingerprint: string, at: Date): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...KEY, type: 'partner-access', fingerprint, syncedAt: at.toISOString() } }));
  }
}
