import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoEngineFromEnv, startDynamoEngine } from '../../../infra/local/dynamodb-engine.js';
import { ensureTable } from '../../../shared/adapters/dynamodb/table-schema.js';
import { makeDynamoClients } from '../../../shared/runtime/dynamodb-client.js';

describe('dynamoEngineFromEnv', () => {
  it('reads NEWSHOUND_DYNAMODB, dynalite when unset or empty', () => {
    expect(dynamoEngineFromEnv({})).toBe('dynalite');
    expect(dynamoEngineFromEnv({ NEWSHOUND_DYNAMODB: '' })).toBe('dynalite');
    expect(dynamoEngineFromEnv({ NEWSHOUND_DYNAMODB: 'dynamodb-local' })).toBe('dynamodb-local');
  });

  it('names the variable and the allowed values for anything else', () => {
    expect(() => dynamoEngineFromEnv({ NEWSHOUND_DYNAMODB: 'dynamo' })).toThrow('NEWSHOUND_DYNAMODB=dynamo is not an engine: use dynalite or dynamodb-local');
  });
});

describe('startDynamoEngine (the engine NEWSHOUND_DYNAMODB names)', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'newshound-dynamodb-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function withEngine<T>(use: (doc: ReturnType<typeof makeDynamoClients>['doc']) => Promise<T>): Promise<T> {
    const server = await startDynamoEngine({ path: folder });
    const { client, doc } = makeDynamoClients({ endpoint: server.endpoint });
    try {
      await ensureTable(client, 'kept');
      return await use(doc);
    } finally {
      client.destroy();
      await server.close();
    }
  }

  it('keeps what it holds in `path` across a restart', async () => {
    await withEngine((doc) => doc.send(new PutCommand({ TableName: 'kept', Item: { pk: 'FEED#a', sk: 'STATE', etag: '"x"' } })));
    const item = await withEngine(async (doc) => (await doc.send(new GetCommand({ TableName: 'kept', Key: { pk: 'FEED#a', sk: 'STATE' } }))).Item);
    expect(item).toEqual({ pk: 'FEED#a', sk: 'STATE', etag: '"x"' });
  });
});
