import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { GetCommand, paginateScan, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Article } from '../../domain/article.js';
import type { ArticleStore } from '../../ports/stores.js';
import { ARTICLE_RETENTION_DAYS, expiresAfter } from './retention.js';
import { isConditionalCheckFailed } from './table-schema.js';

const key = (id: string) => ({ pk: `ART#${id}`, sk: 'ART' });

/** Far above the domain's page-text cap: a stored value that inflates beyond it is not ours. */
const MAX_PAGE_TEXT_BYTES = 256 * 1024;

/**
 * An article's page text is stored brotli-compressed beside it (a third of its size for prose): the item, its write
 * units, every read of it by a sender and its point-in-time-recovery storage shrink with it.
 */
function toItem(article: Article): Record<string, unknown> {
  const { pageText, ...rest } = article;
  if (!pageText) return { article: rest };
  const compressed = brotliCompressSync(Buffer.from(pageText, 'utf8'), { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } });
  return { article: rest, pageTextBr: new Uint8Array(compressed) };
}

function fromItem(item: Record<string, unknown> | undefined): Article | undefined {
  if (!item?.['article']) return undefined;
  const article = item['article'] as Article;
  const compressed = item['pageTextBr'];
  if (!(compressed instanceof Uint8Array)) return article;
  return { ...article, pageText: brotliDecompressSync(compressed, { maxOutputLength: MAX_PAGE_TEXT_BYTES }).toString('utf8') };
}

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
          Item: { ...key(article.id), type: 'article', ...toItem(article), ...(expiresAt !== undefined ? { expiresAt } : {}) },
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
    return fromItem(Item);
  }

  async *scan(pageSize = 100): AsyncIterable<Article[]> {
    const pages = paginateScan(
      { client: this.doc, pageSize },
      { TableName: this.tableName, FilterExpression: '#type = :article', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':article': 'article' } },
    );
    for await (const page of pages) {
      const articles = (page.Items ?? []).map((item) => fromItem(item)).filter((a): a is Article => a !== undefined);
      if (articles.length > 0) yield articles;
    }
  }
}
