import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoFailingFeedsReports } from '../../../shared/adapters/dynamodb/index.js';
import { startTestDynamo } from '../../support/dynamodb.js';

let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let reports: DynamoFailingFeedsReports;
const at = new Date('2026-11-20T10:00:00.000Z');

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});
beforeEach(async () => {
  reports = new DynamoFailingFeedsReports(dynamo.doc, await dynamo.freshTable());
});

describe('DynamoFailingFeedsReports', () => {
  it('records the reported set only over the set it was read as, empty sets included', async () => {
    expect(await reports.lastReported()).toBeUndefined();
    expect(await reports.recordReported(['x'], ['a'], at)).toBe(false);
    expect(await reports.recordReported(undefined, ['b', 'a'], at)).toBe(true);
    expect(await reports.lastReported()).toEqual(['a', 'b']);
    expect(await reports.recordReported(undefined, ['c'], at)).toBe(false);
    expect(await reports.recordReported(['b'], ['c'], at)).toBe(false);
    expect(await reports.recordReported(['b', 'a'], [], at)).toBe(true);
    expect(await reports.lastReported()).toEqual([]);
    // "None failing" is a record, not the absence of one.
    expect(await reports.recordReported(undefined, ['a'], at)).toBe(false);
    expect(await reports.recordReported([], ['a'], at)).toBe(true);
  });

  it('lets one of two reporters with the same view win', async () => {
    await reports.recordReported(undefined, [], at);
    const won = await Promise.all([reports.recordReported([], ['a'], at), reports.recordReported([], ['a', 'b'], at)]);
    expect(won.filter(Boolean)).toHaveLength(1);
  });
});
