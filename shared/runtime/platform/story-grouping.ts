import { DynamoStoryStore } from '../../adapters/dynamodb/dynamo-story-store.js';
import type { StoryAssigner, StoryCoverage } from '../../ports/story-assigner.js';
import { FunctionEnv } from '../../topology/environment.js';
import { makeDynamoClients } from '../dynamodb-client.js';
import { requireEnv } from '../lambda-env.js';
import type { CapabilityFactory } from '../ports.js';
import { topicsOf } from './compiled-topics.js';

/** The story grouping over the stack's table: poll-feed assigns, publish-feeds and the senders' digests read coverage. */
export const storyGrouping: CapabilityFactory<StoryAssigner & StoryCoverage> = ({ env, config }) => {
  const { doc } = makeDynamoClients({ region: env.AWS_REGION });
  return new DynamoStoryStore(doc, requireEnv(FunctionEnv.tableName, env), { topics: topicsOf(config) });
};
