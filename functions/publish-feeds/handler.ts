import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { S3Client } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { WebSubPinger } from '../../shared/adapters/http/websub-pinger.js';
import { S3FeedPublisher } from '../../shared/adapters/s3/s3-feed-publisher.js';
import type { PublishRequested } from '../../shared/domain/messages.js';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import { loadLambdaConfig } from '../../shared/runtime/lambda-config.js';
import { observability, stores } from '../../shared/runtime/lambda-common.js';
import { FunctionEnv, requireEnv } from '../../shared/runtime/lambda-env.js';
import { publishTopicFeeds, resolvePartnerTokens, type PublishFeedsDeps } from '../../shared/usecases/publish-feeds.js';

const { logger } = observability('publish-feeds');

/**
 * publish queue → rebuild each requested topic once per batch. The event source's batching window gathers a
 * burst of matches into one batch, and the topic ids are de-duplicated here: one rebuild per topic per burst.
 * A failure fails the whole batch (SQS redelivers it; rebuilding is idempotent).
 */
export const makeHandler = (deps: () => Promise<PublishFeedsDeps>) => async (event: SQSEvent) => {
  const topicIds = [...new Set(event.Records.map((r) => (JSON.parse(r.body) as PublishRequested).topicId))];
  const result = await publishTopicFeeds(await deps(), { topicIds });
  logger.info('feeds published', { topicIds, written: result.written.length, unchanged: result.unchanged.length, pinged: result.pinged.length, pingError: result.pingError });
  return { batchItemFailures: [] };
};

async function awsPublishDeps(config: AppConfig): Promise<PublishFeedsDeps> {
  const feedsBaseUrl = requireEnv(FunctionEnv.feedsBaseUrl);
  const hubUrl = config.syndication?.hubUrl;
  const s = stores();
  const readSecret = async (name: string) => String(await getSecret(name, { maxAge: 300 }));
  return {
    articles: s.articles,
    matches: s.matches,
    publisher: new S3FeedPublisher(new S3Client({}), { bucket: requireEnv(FunctionEnv.feedsBucket), publicBaseUrl: feedsBaseUrl }),
    config: {
      baseUrl: feedsBaseUrl,
      itemsPerFeed: config.syndication?.itemsPerFeed ?? 50,
      topics: config.topics,
      partners: await resolvePartnerTokens(config.partners ?? [], readSecret),
      ...(hubUrl ? { hubUrl } : {}),
    },
    ...(hubUrl ? { websub: new WebSubPinger(hubUrl) } : {}),
  };
}

const config = loadLambdaConfig();
let deps: Promise<PublishFeedsDeps> | undefined;
export const handler = middy(makeHandler(() => (deps ??= awsPublishDeps(config)))).use(injectLambdaContext(logger));
