/**
 * Counts DynamoDB request units per operation, as on-demand DynamoDB would bill them, by middleware on the client
 * the product's adapters use (the DocumentClient shares its client's middleware stack).
 *
 * Reads: dynalite's own ConsumedCapacity (ReturnConsumedCapacity TOTAL, added here): item bytes read, 4 KB per unit,
 * half for eventually consistent reads; a read of nothing still costs the minimum (0.5 eventual, 1 strong).
 * Writes: computed here from the item before and after the write (looked up with an un-metered client, and that
 * look-up time is reported so it can be left out of measured durations): 1 WRU per started KB of the larger of the
 * two; a failed condition still costs the existing item's size (at least 1); and each global secondary index the
 * item enters, leaves or changes in costs its own write (entering and leaving when its key changes), which
 * dynalite does not report. Indexes project ALL attributes here, so an index entry is the item's size.
 */
import { createRequire } from 'node:module';
import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tableKeys } from '../../shared/adapters/dynamodb/table-schema.js';
import { count, currentTrace, type CountEvent } from './trace.js';

type Item = Record<string, AttributeValue>;

const dynaliteDb = createRequire(import.meta.url)('dynalite/db/index.js') as { itemSize: (item: Item) => number };
/** An item's size as DynamoDB bills it (dynalite's own measure of the marshalled item). */
export const itemSize = (item: Item | undefined): number => (item ? dynaliteDb.itemSize(item) : 0);
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

/** "FEED#abc"/"STATE" → "FEED#STATE"; "DLV#s#email#a" → "DLV": the item type, which is what the cost depends on. */
export function itemLabel(pk: string | undefined, sk: string | undefined): string {
  const head = (pk ?? '?').split('#')[0]!;
  return head === 'FEED' ? `FEED#${sk ?? ''}` : head;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Index write units for an item going from `before` to `after`, per index (DynamoDB's rules for GSI writes). */
export function indexWrites(before: Item | undefined, after: Item | undefined): { index: string; wru: number; created: boolean; bytes: number }[] {
  const out: { index: string; wru: number; created: boolean; bytes: number }[] = [];
  for (const index of tableKeys.indexes) {
    const key = (item: Item | undefined) => (item && item[index.partitionKey] && item[index.sortKey] ? canonical([item[index.partitionKey], item[index.sortKey]]) : undefined);
    const was = key(before);
    const is = key(after);
    if (!was && !is) continue;
    if (was && is && was === is) {
      if (canonical(before) !== canonical(after)) out.push({ index: index.name, wru: writeUnits(Math.max(itemSize(before), itemSize(after))), created: false, bytes: 0 });
    } else {
      const wru = (was ? writeUnits(itemSize(before)) : 0) + (is ? writeUnits(itemSize(after)) : 0);
      out.push({ index: index.name, wru, created: !was && Boolean(is), bytes: !was && is ? itemSize(after) : 0 });
    }
  }
  return out;
}

interface Input {
  TableName?: string;
  Key?: Item;
  Item?: Item;
  IndexName?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeValues?: Item;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: string;
  RequestItems?: Record<string, unknown>;
}

function queryLabel(input: Input): string {
  const placeholder = /:[A-Za-z0-9_]+/.exec(input.KeyConditionExpression ?? '')?.[0];
  const value = placeholder ? input.ExpressionAttributeValues?.[placeholder]?.S : undefined;
  return `${input.IndexName ?? 'table'} ${(value ?? '?').split('#')[0]}`;
}

function consumed(output: unknown): number {
  const c = (output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] } | undefined)?.ConsumedCapacity;
  if (Array.isArray(c)) return c.reduce((n, x) => n + (x.CapacityUnits ?? 0), 0);
  return c?.CapacityUnits ?? 0;
}

export class DynamoMeter {
  /** `raw` must reach the same endpoint without this meter (it looks items up before and after writes). */
  constructor(private readonly raw: DynamoDBClient) {}

  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = String(context.commandName ?? '').replace(/Command$/, '');
        if (READS.has(name) && currentTrace()) (args.input as Input).ReturnConsumedCapacity = 'TOTAL';
        return next(args);
      },
      { step: 'initialize', name: 'costMeterCapacity', priority: 'low' },
    );
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = String(context.commandName ?? '').replace(/Command$/, '');
        if (!currentTrace() || (!READS.has(name) && !WRITES.has(name))) return next(args);
        const input = args.input as Input;
        if (READS.has(name)) {
          const result = await next(args);
          this.countRead(name, input, consumed(result.output));
          return result;
        }
        return this.meterWrite(name, input, () => next(args));
      },
      { step: 'build', name: 'costMeter', priority: 'high' },
    );
  }

  private countRead(name: string, input: Input, units: number): void {
    const strong = input.ConsistentRead === true;
    const min = strong ? 1 : 0.5;
    let label: string;
    if (name === 'Query' || name === 'Scan') label = name === 'Query' ? queryLabel(input) : 'scan';
    else if (name === 'GetItem') label = itemLabel(input.Key?.pk?.S, input.Key?.sk?.S);
    else {
      const first = Object.values(input.RequestItems ?? {})[0] as { Keys?: Item[] } | undefined;
      label = itemLabel(first?.Keys?.[0]?.pk?.S, first?.Keys?.[0]?.sk?.S);
    }
    count({ service: 'dynamodb', op: `${name} ${label}${strong ? ' (strong)' : ''}`, calls: 1, rru: Math.max(min, units) });
  }

  private async lookUp(table: string, key: Item): Promise<Item | undefined> {
    const trace = currentTrace();
    const start = performance.now();
    const { Item } = await this.raw.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }));
    if (trace) trace.meterMs += performance.now() - start;
    return Item;
  }

  private async meterWrite<T>(name: string, input: Input, send: () => Promise<T>): Promise<T> {
    if (name === 'BatchWriteItem') {
      const requests: { table: string; key: Item; put?: Item }[] = [];
      for (const [table, list] of Object.entries(input.RequestItems ?? {})) {
        for (const r of list as { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]) {
          if (r.PutRequest) requests.push({ table, key: { pk: r.PutRequest.Item.pk!, sk: r.PutRequest.Item.sk! }, put: r.PutRequest.Item });
          else if (r.DeleteRequest) requests.push({ table, key: r.DeleteRequest.Key });
        }
      }
      const befores = await Promise.all(requests.map((r) => this.lookUp(r.table, r.key)));
      const result = await send();
      requests.forEach((r, i) => this.countWrite(`BatchWriteItem ${itemLabel(r.key.pk?.S, r.key.sk?.S)}`, befores[i], r.put, true));
      return result;
    }
    const table = input.TableName!;
    const key: Item = input.Key ?? { pk: input.Item!.pk!, sk: input.Item!.sk! };
    const label = `${name} ${itemLabel(key.pk?.S, key.sk?.S)}`;
    const before = await this.lookUp(table, key);
    let result: T;
    try {
      result = await send();
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        count({ service: 'dynamodb', op: `${label} (condition failed)`, calls: 1, wru: writeUnits(itemSize(before)) });
      }
      throw error;
    }
    const after = name === 'PutItem' ? input.Item : name === 'DeleteItem' ? undefined : await this.lookUp(table, key);
    this.countWrite(label, before, after, true);
    return result;
  }

  private countWrite(label: string, before: Item | undefined, after: Item | undefined, succeeded: boolean): void {
    if (!succeeded) return;
    const created = !before && Boolean(after);
    const main: CountEvent = {
      service: 'dynamodb',
      op: label,
      calls: 1,
      wru: writeUnits(Math.max(itemSize(before), itemSize(after))),
      ...(created ? { newItems: 1, newItemBytes: itemSize(after) } : {}),
    };
    count(main);
    for (const w of indexWrites(before, after)) {
      count({ service: 'dynamodb', op: `${label} → ${w.index}`, calls: 0, wru: w.wru, ...(w.created ? { newItems: 1, newItemBytes: w.bytes } : {}) });
    }
  }
}
