import { BatchWriteCommand, type BatchWriteCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

/**
 * Writes any number of put/delete requests, 25 per BatchWriteItem, retrying unprocessed items with
 * exponential backoff; throws (naming `what`) rather than dropping a write when DynamoDB keeps throttling.
 */
export async function batchWriteAll(doc: DynamoDBDocumentClient, tableName: string, requests: WriteRequest[], what: string): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: Record<string, WriteRequest[]> | undefined = { [tableName]: requests.slice(i, i + 25) };
    for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
      if (attempt > 8) throw new Error(`DynamoDB kept throttling ${what}`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 25));
      const result = await doc.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = result.UnprocessedItems as Record<string, WriteRequest[]> | undefined;
    }
  }
}
