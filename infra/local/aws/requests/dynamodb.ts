import type { ArnContext, IamCall, WireRequest } from '../iam-requests.js';
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
  const call = (action: string, resource: string): IamCall => ({ action: `dynamodb:${action}`, resource });

  if (ON_ONE_TABLE.has(operation)) return { operation, calls: [call(operation, table(body.TableName))] };
  if (ON_TABLE_OR_INDEX.has(operation)) {
    const index = body.IndexName === undefined ? '' : `/index/${requiredString(body.IndexName, operation, 'IndexName')}`;
    return { operation, calls: [call(operation, table(body.TableName) + index)] };
  }
  if (PER_TABLE_BATCH.has(operation)) {
    const tables = isRecord(body.RequestItems) ? Object.keys(body.RequestItems) : [];
    if (tables.length === 0) throw new UnmappableRequestError(`${operation}: no RequestItems`);
    return { operation, calls: tables.map((name) => call(operation, table(name))) };
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
  return { action: `dynamodb:${action}`, resource: tableArn(requiredString(detail.TableName, operation, `${kind}.TableName`), ctx) };
}

/** DynamoDB also accepts a table ARN wherever a table name goes. */
function tableArn(nameOrArn: string, ctx: ArnContext): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn : `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${nameOrArn}`;
}
