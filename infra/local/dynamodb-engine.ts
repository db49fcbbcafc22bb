import { startDynalite } from './dynalite-server.js';
import { startDynamoDbLocal } from './dynamodb-local.js';

export const DYNAMODB_ENGINES = ['dynalite', 'dynamodb-local'] as const;
export type DynamoEngineName = (typeof DYNAMODB_ENGINES)[number];

/** The variable that picks the engine when the caller does not. */
export const DYNAMODB_ENGINE_VARIABLE = 'NEWSHOUND_DYNAMODB';

export interface DynamoEngine {
  engine: DynamoEngineName;
  endpoint: string;
  close(): Promise<void>;
}

/**
 * A local DynamoDB: `engine`, else $NEWSHOUND_DYNAMODB, else dynalite (pure npm, starts in milliseconds).
 * DynamoDB Local is AWS's own emulator (Java), stricter where dynalite is lax.
 * With `path` the data persists in that folder (either engine), in memory otherwise.
 */
export async function startDynamoEngine(options: { engine?: DynamoEngineName; path?: string } = {}): Promise<DynamoEngine> {
  const engine = options.engine ?? dynamoEngineFromEnv();
  const server = engine === 'dynamodb-local' ? await startDynamoDbLocal(options.path ? { dbPath: options.path } : {}) : await startDynalite(options.path ? { path: options.path } : {});
  return { engine, endpoint: server.endpoint, close: server.close };
}

export function dynamoEngineFromEnv(env: NodeJS.ProcessEnv = process.env): DynamoEngineName {
  const value = env[DYNAMODB_ENGINE_VARIABLE];
  if (value === undefined || value === '') return 'dynalite';
  if ((DYNAMODB_ENGINES as readonly string[]).includes(value)) return value as DynamoEngineName;
  throw new Error(`${DYNAMODB_ENGINE_VARIABLE}=${value} is not an engine: use ${DYNAMODB_ENGINES.join(' or ')}`);
}
