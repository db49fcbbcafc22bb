import { ConfigError } from '../../ports/errors.js';
import { resolvePartnerTokens, type PublishFeedsDeps } from '../../usecases/publish-feeds.js';
import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { s3FeedsBucket } from '../platform/s3-feeds-bucket.js';
import { sqsQueues } from '../platform/sqs-queues.js';
import { websubHub } from '../platform/websub-hub.js';

/** Partner tokens held in Secrets Manager need a read grant the topology does not give yet: refuse them plainly. */
const noPartnerSecrets = async (name: string): Promise<string> => {
  throw new ConfigError('partners[].tokenSecretName', `${name}: partner tokens from Secrets Manager are not supported; give the token inline`);
};

export const publishFeedsDefinition = defineFunction({
  name: 'publish-feeds',
  aws: { factories: { table: dynamodbTable, feedsBucket: s3FeedsBucket, websub: websubHub }, queues: sqsQueues },
  compose: async (p): Promise<PublishFeedsDeps> => {
    const hubUrl = p.config.syndication?.hubUrl;
    return {
      articles: p.table.articles,
      matches: p.table.matches,
      publisher: p.feedsBucket.publisher,
      config: {
        baseUrl: p.feedsBucket.baseUrl,
        itemsPerFeed: p.config.syndication?.itemsPerFeed ?? 50,
        topics: p.config.topics,
        partners: await resolvePartnerTokens(p.config.partners ?? [], noPartnerSecrets),
        ...(hubUrl ? { hubUrl } : {}),
      },
      ...(hubUrl ? { websub: p.websub(hubUrl) } : {}),
    };
  },
});
