import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { PublishRequested } from '../../shared/domain/messages.js';
import { withoutPartnerToken } from '../../shared/domain/syndication/index.js';
import { publishFeedsDefinition } from '../../shared/runtime/composition/publish-feeds.js';
import { answeringDeployTrigger, type CustomResourceEvent, isCustomResourceEvent } from '../../shared/runtime/custom-resource.js';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.js';
import type { DepsOf, Ports } from '../../shared/runtime/ports.js';
import { publishTopicFeeds } from '../../shared/usecases/publish-feeds.js';
import { republishFeeds } from '../../shared/usecases/republish-feeds.js';

/**
 * publish queue → rebuild each requested topic once per batch. The event source's batching window gathers a
 * burst of matches into one batch, and the topic ids are de-duplicated here: one rebuild per topic per burst.
 * A failure fails the whole batch (SQS redelivers it; rebuilding is idempotent).
 * The deploy trigger (a CloudFormation custom resource) → every feed rebuilt, stale ones deleted.
 */
export const makeHandler =
  (deps: DepsOf<typeof publishFeedsDefinition>, ports: Pick<Ports<'publish-feeds'>, 'logger' | 'queue'>) =>
  async (event: SQSEvent | CustomResourceEvent): Promise<SQSBatchResponse | Record<string, string>> => {
    if (isCustomResourceEvent(event)) {
      const outcome = await republishFeeds({ ...deps, publishQueue: ports.queue('publish') });
      if (outcome.kind === 'republished') ports.logger.info('feeds republished', { written: outcome.written, deleted: outcome.deleted.map((key) => withoutPartnerToken(key, deps.config.partners ?? [])) });
      else ports.logger.error('republish failed; the topics went to the publish queue', { error: outcome.error, topics: outcome.topics });
      return { outcome: outcome.kind, ...(outcome.kind === 'republished' ? { deleted: String(outcome.deleted.length) } : {}) };
    }
    const topicIds = [...new Set(event.Records.map((r) => (JSON.parse(r.body) as PublishRequested).topicId))];
    const result = await publishTopicFeeds(deps, { topicIds });
    // Partner tokens are bearer secrets: the log names the partner instead.
    const written = result.written.map((key) => withoutPartnerToken(key, deps.config.partners ?? []));
    ports.logger.info('feeds published', { topicIds, written, unchanged: result.unchanged.length, pinged: result.pinged.length, pingError: result.pingError, partnerAccess: result.partnerAccess });
    return { batchItemFailures: [] };
  };

export const handler = answeringDeployTrigger(lambdaHandler(publishFeedsDefinition, makeHandler));
