import * as iam from 'aws-cdk-lib/aws-iam';
import type { TableAccess } from '../../shared/topology/functions.js';
import { type KeyPrefix, leadingKeyPattern } from '../../shared/topology/table-keys.js';

export const TABLE_READS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
export const TABLE_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/**
 * A function's table access as IAM statements: reads and writes of the item types its entry names, by the partition
 * key of every item a request touches (ForAllValues: a batch with one key outside is denied whole; Null: a request
 * without keys is never let through by the vacuous truth of ForAllValues), and queries on the indexes it names.
 * An index query's dynamodb:LeadingKeys is the index's partition key, not the table's, so that statement is scoped by
 * action and index instead. Scan has no leading keys at all and is granted to no function.
 */
export function tableStatements(tableArn: string, access: TableAccess): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  const byKeys = (sid: string, actions: string[], prefixes: readonly KeyPrefix[]) =>
    new iam.PolicyStatement({
      sid,
      actions,
      resources: [tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map(leadingKeyPattern) },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      },
    });
  const readable = [...new Set([...(access.read ?? []), ...(access.readWrite ?? [])])];
  if (readable.length > 0) statements.push(byKeys('TableItemsRead', TABLE_READS, readable));
  if ((access.readWrite ?? []).length > 0) statements.push(byKeys('TableItemsWrite', TABLE_WRITES, access.readWrite!));
  if ((access.indexes ?? []).length > 0) {
    statements.push(new iam.PolicyStatement({ sid: 'TableIndexQuery', actions: ['dynamodb:Query'], resources: access.indexes!.map((index) => `${tableArn}/index/${index}`) }));
  }
  return statements;
}
