import { randomUUID } from 'node:crypto';
import { startDynamoEngine } from '../../infra/local/dynamodb-engine.js';
import { ensureTable } from '../../shared/adapters/dynamodb/table-schema.js';
import { makeDynamoClients } from '../../shared/runtime/dynamodb-client.js';

/**
 * An in-memory local DynamoDB, the engine $NEWSHOUND_DYNAMODB names (dynalite by default), with a fresh table
 * per call. Call `close` in afterAll.
 */
export async function startTestDynamo() {
  const server = await startDynamoEngine();
  const { client, doc } = makeDynamoClients({ endpoint: server.endpoint });
  return {
    engine: server.engine,
    endpoint: server.endpoint,
    client,
    doc,
    /** Creates a fresh table and returns its name, so tests never share state. */
    async freshTable(): Promise<string> {
      const name = `t-${randomUUID()}`;
      await ensureTable(client, name);
      return name;
    },
    async close() {
      client.destroy();
      await server.close();
    },
  };
}
