import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { PublishRequested } from '../../shared/domain/messages.js';
import { withoutPartnerToken } from '../../shared/domain/syndication/index.js';
import { publishFeedsDefinition } from '../../shared/runtime/composition/publish-feeds.js';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.js';
import type { DepsOf, Ports } from '../../shared/runtime/ports.js';
import { publishTopicFeeds } from '../../shared/usecases/publish-feeds.js';

/**
 * publish queue → rebuild each requested topic once per batch. The event source's batching window gathers a
 * burst of matches into one batch, and the topic ids are de-duplicated here: one rebuild per topic per burst.
 * A failure fails the whole batch (SQS redelivers it; rebuilding is idempotent).
 */
export const makeHandler =
  (deps: DepsOf<typeof publishFeedsDefinition>, ports: Pick<Ports<'publish-feeds'>, 'logger'>) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const topicIds = [...new Set(event.Records.map((r) => (JSON.parse(r.body) as PublishRequested).topicId))];
    const result = await publishTopicFeeds(deps, { topicIds });
    // Partner tokens are bearer secrets: the log names the partner instead.
    const written = result.written.map((key) => withoutPartnerToken(key, deps.config.partners ?? []));
    ports.logger.info('feeds published', { topicIds, written, unchanged: result.unchanged.length, pinged: result.pinged.length, pingError: result.pingError });
    return { batchItemFailures: [] };
  };

export const handler = lambdaHandler(publishFeedsDefinition, makeHandler);
