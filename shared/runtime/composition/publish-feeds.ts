import { EMPTY_SECRET_MAP, parseSecretMap } from '../../domain/secret-map.js';
import { isStrongToken, PARTNER_TOKEN_RULE, partnersWithTokens } from '../../domain/syndication/index.js';
import type { PublishFeedsDeps } from '../../usecases/publish-feeds.js';
import { defineFunction } from '../ports.js';
import { cloudfrontPartnerAccess } from '../platform/cloudfront-partner-access.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { s3FeedsBucket } from '../platform/s3-feeds-bucket.js';
import { ssmParameterSecrets } from '../platform/ssm-parameters.js';
import { sqsQueues } from '../platform/sqs-queues.js';
import { storyGrouping } from '../platform/story-grouping.js';
import { websubHub } from '../platform/websub-hub.js';

export const publishFeedsDefinition = defineFunction({
  name: 'publish-feeds',
  aws: { factories: { table: dynamodbTable, feedsBucket: s3FeedsBucket, websub: websubHub, partnerAccess: cloudfrontPartnerAccess, stories: storyGrouping }, queues: sqsQueues, secrets: ssmParameterSecrets },
  compose: async (p): Promise<PublishFeedsDeps> => {
    const hubUrl = p.config.syndication?.hubUrl;
    const configured = p.config.partners ?? [];
    // The tokens are read only when some partner is active: without one there is nothing to look up.
    const tokens = configured.some((partner) => !partner.revoked)
      ? parseSecretMap('PartnerTokens', await p.secret('partnerTokens'), { test: isStrongToken, description: PARTNER_TOKEN_RULE })
      : EMPTY_SECRET_MAP;
    const { partners, withoutToken } = partnersWithTokens(configured, tokens);
    if (withoutToken.length > 0) {
      p.logger.error('partners without a usable token in the PartnerTokens secret get no private feeds (npx newshound partner-token <id>)', { partners: withoutToken });
    }
    return {
      articles: p.table.articles,
      matches: p.table.matches,
      stories: p.stories,
      publisher: p.feedsBucket.publisher,
      partnerAccess: p.partnerAccess,
      clock: p.clock,
      config: {
        baseUrl: p.feedsBucket.baseUrl,
        itemsPerFeed: p.config.syndication?.itemsPerFeed ?? 50,
        topics: p.config.topics,
        partners,
        ...(hubUrl ? { hubUrl } : {}),
      },
      ...(hubUrl ? { websub: p.websub(hubUrl) } : {}),
    };
  },
});
