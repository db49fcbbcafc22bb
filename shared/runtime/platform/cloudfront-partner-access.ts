import { kvsClient, KvsPartnerAccessTable } from '../../adapters/cloudfront/kvs-partner-access-table.js';
import { DynamoPartnerAccessRecord } from '../../adapters/dynamodb/dynamo-partner-access-record.js';
import type { PartnerAccess } from '../../ports/partner-access.js';
import { FunctionEnv } from '../../topology/environment.js';
import { makeDynamoClients } from '../dynamodb-client.js';
import { requireEnv } from '../lambda-env.js';
import type { CapabilityFactory } from '../ports.js';

/** The feeds distribution's KeyValueStore of partner token hashes, and the record of its last sync in the table. */
export const cloudfrontPartnerAccess: CapabilityFactory<PartnerAccess> = ({ env }) => {
  const { doc } = makeDynamoClients({ region: env.AWS_REGION });
  const endpointUrl = env.AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE ?? env.AWS_ENDPOINT_URL;
  return {
    table: new KvsPartnerAccessTable(kvsClient(endpointUrl ? { endpointUrl } : {}), requireEnv(FunctionEnv.partnerAccessStoreArn, env)),
    record: new DynamoPartnerAccessRecord(doc, requireEnv(FunctionEnv.tableName, env)),
  };
};
