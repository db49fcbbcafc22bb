import type { ArnContext, IamCall, WireRequest } from '../iam-requests.js';
import { batchItems, keysOf, leadingKeysContext, queryKey } from './dynamodb-keys.js';
import { isRecord, jsonBody, requiredString, targetOperation, unsupported, UnmappableRequestError, type Described } from './wire.js';

const ON_ONE_TABLE = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'DescribeTable', 'CreateTable', 'UpdateTimeToLive']);
const ON_TABLE_OR_INDEX = new Set(['Query', 'Scan']);
const PER_TABLE_BATCH = new Set(['BatchGetItem', 'BatchWriteItem']);
/** Transactions are authorized item by item, with the action of each item's kind. */
const TRANSACT_ITEM_ACTIONS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

export function describeDynamoDb(req: WireRequest, ctx: ArnContext): Described {
  const operation = targetOperation(req, 'DynamoDB_20120810.');
  const body = jsonBody(req, operation);
  const table = (name: unknown) => tableArn(requiredString(name, operation, 'TableName'), ctx);
  const call = (action: string, resource: string, keys?: string[]): IamCall => ({ action: `dynamodb:${action}`, resource, ...leadingKeysContext(keys) });
  const keyAttribute = (arn: string, index?: string) => ctx.partitionKey?.(arn, index);
  const itemKeys = (arn: string, items: unknown[]) => {
    const attribute = keyAttribute(arn);
    return attribute ? keysOf(items, attribute) : undefined;
  };

  if (ON_ONE_TABLE.has(operation)) {
    const arn = table(body.TableName);
    const item = operation === 'PutItem' ? body.Item : body.Key;
    return { operation, calls: [call(operation, arn, item === undefined ? undefined : itemKeys(arn, [item]))] };
  }
  if (ON_TABLE_OR_INDEX.has(operation)) {
    const arn = table(body.TableName);
    const indexName = body.IndexName === undefined ? undefined : requiredString(body.IndexName, operation, 'IndexName');
    const attribute = operation === 'Query' ? keyAttribute(arn, indexName) : undefined;
    const key = attribute ? queryKey(body, attribute) : undefined;
    return { operation, calls: [call(operation, arn + (indexName ? `/index/${indexName}` : ''), key === undefined ? undefined : [key])] };
  }
  if (PER_TABLE_BATCH.has(operation)) {
    const requests = isRecord(body.RequestItems) ? body.RequestItems : {};
    const tables = Object.keys(requests);
    if (tables.length === 0) throw new UnmappableRequestError(`${operation}: no RequestItems`);
    return {
      operation,
      calls: tables.map((name) => {
        const arn = table(name);
        return call(operation, arn, itemKeys(arn, batchItems(operation as 'BatchGetItem' | 'BatchWriteItem', requests[name])));
      }),
    };
  }
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const items = Array.isArray(body.TransactItems) ? body.TransactItems : [];
    if (items.length === 0) throw new UnmappableRequestError(`${operation}: no TransactItems`);
    return { operation, calls: items.map((item) => transactItemCall(item, operation, ctx)) };
  }
  return unsupported('DynamoDB', operation);
}

function transactItemCall(item: unknown, operation: string, ctx: ArnContext): IamCall {
  const [kind, detail] = isRecord(item) ? (Object.entries(item)[0] ?? []) : [];
  const action = kind === undefined ? undefined : TRANSACT_ITEM_ACTIONS[kind];
  if (!action || !isRecord(detail)) throw new UnmappableRequestError(`${operation}: unexpected item ${JSON.stringify(item)}`);
  const resource = tableArn(requiredString(detail.TableName, operation, `${kind}.TableName`), ctx);
  const attribute = ctx.partitionKey?.(resource);
  const keys = attribute ? keysOf([kind === 'Put' ? detail.Item : detail.Key], attribute) : undefined;
  return { action: `dynamodb:${action}`, resource, ...leadingKeysContext(keys) };
}

/** DynamoDB also accepts a table ARN wherever a table name goes. */
function tableArn(nameOrArn: string, ctx: ArnContext): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn : `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${nameOrArn}`;
}
