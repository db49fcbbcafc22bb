import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoryAlerts } from '../../ports/delivery-state.js';
import { expiresAfter, LEDGER_RETENTION_DAYS } from './retention.js';
import { isConditionalCheckFailed } from './table-schema.js';

/**
 * One item per (story, topic) naming the article that alerted it, taken with one conditional put (the same article
 * may take it again). Kept as long as the ledger: longer than a story's window and any redelivery of its fan-out.
 */
export class DynamoStoryAlerts implements StoryAlerts {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim({ storyId, topicId, articleId }: { storyId: string; topicId: string; articleId: string }, now: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `STORYALERT#${storyId}`, sk: `TOPIC#${topicId}`, type: 'story-alert', articleId, claimedAt: now.toISOString(), expiresAt: expiresAfter(now, LEDGER_RETENTION_DAYS) },
          ConditionExpression: 'attribute_not_exists(pk) OR articleId = :article',
          ExpressionAttributeValues: { ':article': articleId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
