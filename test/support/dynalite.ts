import { randomUUID } from 'node:crypto';
import { startDynalite } from '../../infra/local/dynalite-server.js';
import { ensureTable } from '../../shared/adapters/dynamodb/table-schema.js';
import { makeDynamoClients } from '../../shared/runtime/dynamodb-client.js';

/** An in-memory dynalite with a fresh table per call. Call `close` in afterAll. */
export async function startTestDynamo() {
  const server = await startDynalite();
  const { client, doc } = makeDynamoClients({ endpoint: server.endpoint });
  return {
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
