import { GetCommand, paginateScan, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Article } from '../../domain/article.js';
import type { ArticleStore } from '../../ports/stores.js';
import { ARTICLE_RETENTION_DAYS, expiresAfter } from './retention.js';
import { isConditionalCheckFailed } from './table-schema.js';

const key = (id: string) => ({ pk: `ART#${id}`, sk: 'ART' });

export class DynamoArticleStore implements ArticleStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putIfAbsent(article: Article): Promise<boolean> {
    const expiresAt = expiresAfter(article.firstSeen, ARTICLE_RETENTION_DAYS);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(article.id), type: 'article', article, ...(expiresAt !== undefined ? { expiresAt } : {}) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<Article | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key(id) }));
    return Item?.article as Article | undefined;
  }

  async *scan(pageSize = 100): AsyncIterable<Article[]> {
    const pages = paginateScan(
      { client: this.doc, pageSize },
      { TableName: this.tableName, FilterExpression: '#type = :article', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':article': 'article' } },
    );
    for await (const page of pages) {
      const articles = (page.Items ?? []).map((item) => item.article as Article);
      if (articles.length > 0) yield articles;
    }
  }
}
