import { paginateQuery, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TopicActivity } from '../../ports/delivery-state.js';
import { isConditionalCheckFailed } from './table-schema.js';

/** Storm control's counter: one item per (topic, article), expiring after the window; a count query per call. */
export class DynamoTopicActivity implements TopicActivity {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(topicId: string, articleId: string, now: Date, windowSeconds: number): Promise<number> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `ACTIVITY#${topicId}`, sk: `${now.toISOString()}#${articleId}`, articleId, type: 'activity', expiresAt: Math.ceil(now.getTime() / 1000) + windowSeconds * 2 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const since = new Date(now.getTime() - windowSeconds * 1000).toISOString();
    const articles = new Set<string>();
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :since AND :until',
        ExpressionAttributeValues: { ':pk': `ACTIVITY#${topicId}`, ':since': since, ':until': `${now.toISOString()}#\uffff` },
        ProjectionExpression: 'articleId',
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) articles.add(String(item.articleId));
    articles.add(articleId);
    return articles.size;
  }
}
