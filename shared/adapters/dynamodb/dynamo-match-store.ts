import { paginateScan, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ArticleMatched } from '../../domain/topic.js';
import type { MatchStore, ParkedMatch } from '../../ports/stores.js';
import { ARTICLE_RETENTION_DAYS, expiresAfter } from './retention.js';
import { isConditionalCheckFailed } from './table-schema.js';

const key = (m: Pick<ArticleMatched, 'articleId' | 'topicId'>) => ({ pk: `TOPIC#${m.topicId}`, sk: `ART#${m.articleId}` });

function toMatch(item: Record<string, unknown>): ArticleMatched {
  return item.match as ArticleMatched;
}

/**
 * Matches; gsi2 holds the outbox (OUTBOX while pending) and then the timeline of all matches (TIMELINE), or the
 * matches the fan-out queue refused (PARKED, with parkedReason and parkedAt on the item).
 */
export class DynamoMatchStore implements MatchStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putPending(match: ArticleMatched): Promise<boolean> {
    // Expires with its article (matched when first seen), index copies included.
    const expiresAt = expiresAfter(match.matchedAt, ARTICLE_RETENTION_DAYS);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key(match),
            type: 'match',
            match,
            gsi1pk: `TOPIC#${match.topicId}`,
            gsi1sk: `${match.matchedAt}#${match.articleId}`,
            gsi2pk: 'OUTBOX',
            gsi2sk: `${match.matchedAt}#${match.topicId}#${match.articleId}`,
            ...(expiresAt !== undefined ? { expiresAt } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async markHandedOn(match: Pick<ArticleMatched, 'articleId' | 'topicId'>): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(match),
          // Out of the outbox, into the timeline of all matches (the combined feed reads it with `latest`).
          UpdateExpression: 'SET gsi2pk = :timeline',
          ExpressionAttributeValues: { ':timeline': 'TIMELINE' },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async listPending(olderThan: Date, limit = 100): Promise<ArticleMatched[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :outbox AND gsi2sk < :cutoff',
        ExpressionAttributeValues: { ':outbox': 'OUTBOX', ':cutoff': olderThan.toISOString() },
        Limit: limit,
      }),
    );
    return (Items ?? []).map(toMatch);
  }

  async markParked(match: Pick<ArticleMatched, 'articleId' | 'topicId'>, reason: string, at: Date): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(match),
          UpdateExpression: 'SET gsi2pk = :parked, parkedReason = :reason, parkedAt = :at',
          ExpressionAttributeValues: { ':parked': 'PARKED', ':outbox': 'OUTBOX', ':reason': reason, ':at': at.toISOString() },
          // Only from the outbox: a sweep racing this one may have handed the match on meanwhile.
          ConditionExpression: 'gsi2pk = :outbox',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async listParked(limit: number): Promise<ParkedMatch[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :parked',
        ExpressionAttributeValues: { ':parked': 'PARKED' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => ({ ...toMatch(item), parkedReason: String(item.parkedReason), parkedAt: String(item.parkedAt) }));
  }

  /** The latest handed-on matches over all topics, newest first (one query instead of one per topic). */
  async latest(limit: number): Promise<ArticleMatched[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :timeline',
        ExpressionAttributeValues: { ':timeline': 'TIMELINE' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map(toMatch);
  }

  async latestForTopic(topicId: string, limit: number): Promise<ArticleMatched[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :topic',
        ExpressionAttributeValues: { ':topic': `TOPIC#${topicId}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map(toMatch);
  }

  async countByTopic(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const pages = paginateScan(
      { client: this.doc },
      { TableName: this.tableName, FilterExpression: '#type = :match', ProjectionExpression: 'pk', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':match': 'match' } },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const topicId = String(item.pk).slice('TOPIC#'.length);
        counts[topicId] = (counts[topicId] ?? 0) + 1;
      }
    }
    return counts;
  }
}
