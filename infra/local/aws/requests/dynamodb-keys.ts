/**
 * dynamodb:LeadingKeys of a request as DynamoDB puts it into the IAM request context: the partition key value of every
 * item the request names (Key, Item, each item of a batch), or the partition key value a Query's key condition fixes
 * (the index's partition key for a query on an index). Scan names no key and has none.
 */
import { isRecord } from './wire.js';

/** The partition key attribute of a table (by ARN), or of one of its indexes; undefined for a table it does not know. */
export type PartitionKeyOf = (tableArn: string, index?: string) => string | undefined;

/** A wire attribute value as IAM compares it: strings and numbers as written, binary as its base64 text. */
function scalar(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  for (const type of ['S', 'N', 'B'] as const) if (typeof value[type] === 'string') return value[type];
  return undefined;
}

/** The partition key values of items or keys; undefined when one of them lacks it. */
export function keysOf(items: unknown[], attribute: string): string[] | undefined {
  const values = items.map((item) => (isRecord(item) ? scalar(item[attribute]) : undefined));
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

/** The value a Query fixes its partition key to, from KeyConditionExpression (or the legacy KeyConditions). */
export function queryKey(body: Record<string, unknown>, attribute: string): string | undefined {
  const names = isRecord(body.ExpressionAttributeNames) ? body.ExpressionAttributeNames : {};
  const values = isRecord(body.ExpressionAttributeValues) ? body.ExpressionAttributeValues : {};
  if (typeof body.KeyConditionExpression === 'string') {
    const nameOf = (token: string) => (token.startsWith('#') ? names[token] : token);
    for (const [, left, right] of body.KeyConditionExpression.matchAll(/([#:]?[A-Za-z0-9_]+)\s*=\s*([#:]?[A-Za-z0-9_]+)/g)) {
      const [name, placeholder] = left!.startsWith(':') ? [right!, left!] : [left!, right!];
      if (placeholder.startsWith(':') && nameOf(name) === attribute) return scalar(values[placeholder]);
    }
    return undefined;
  }
  const legacy = isRecord(body.KeyConditions) ? body.KeyConditions[attribute] : undefined;
  if (isRecord(legacy) && legacy.ComparisonOperator === 'EQ' && Array.isArray(legacy.AttributeValueList)) return scalar(legacy.AttributeValueList[0]);
  return undefined;
}

/** The items (or keys) of one table's batch: BatchGetItem's Keys, BatchWriteItem's put items and delete keys. */
export function batchItems(operation: 'BatchGetItem' | 'BatchWriteItem', tableRequest: unknown): unknown[] {
  if (operation === 'BatchGetItem') return isRecord(tableRequest) && Array.isArray(tableRequest.Keys) ? tableRequest.Keys : [];
  if (!Array.isArray(tableRequest)) return [];
  return tableRequest.map((write: unknown) => {
    if (!isRecord(write)) return undefined;
    if (isRecord(write.PutRequest)) return write.PutRequest.Item;
    if (isRecord(write.DeleteRequest)) return write.DeleteRequest.Key;
    return undefined;
  });
}

/** The IAM context of a call whose leading keys are known; none otherwise (IAM's Null condition then denies it). */
export function leadingKeysContext(keys: string[] | undefined): { context?: Record<string, string[]> } {
  return keys && keys.length > 0 ? { context: { 'dynamodb:LeadingKeys': [...new Set(keys)] } } : {};
}
