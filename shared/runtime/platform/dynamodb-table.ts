import { DynamoFailingFeedsReports } from '../../adapters/dynamodb/dynamo-failing-feeds-reports.js';
import { dynamoStores } from '../../adapters/dynamodb/index.js';
import type { FailingFeedsReports } from '../../ports/admin-notices.js';
import { FunctionEnv } from '../../topology/environment.js';
import { makeDynamoClients } from '../dynamodb-client.js';
import { requireEnv } from '../lambda-env.js';
import type { CapabilityFactory, TableStores } from '../ports.js';

/** Every store over the stack's table (TABLE_NAME); the SDK finds the endpoint (AWS, or AWS_ENDPOINT_URL locally). */
export const dynamodbTable: CapabilityFactory<TableStores> = ({ env, clock }) => {
  const { doc } = makeDynamoClients({ region: env.AWS_REGION });
  return dynamoStores(doc, requireEnv(FunctionEnv.tableName, env), () => clock.now());
};

/** The failing-feeds record over the same table: its own capability, so only the function that reports bundles it. */
export const dynamodbFailingFeedsReports: CapabilityFactory<FailingFeedsReports> = ({ env }) => {
  const { doc } = makeDynamoClients({ region: env.AWS_REGION });
  return new DynamoFailingFeedsReports(doc, requireEnv(FunctionEnv.tableName, env));
};
