import type { SNSEvent } from 'aws-lambda';
import { sesEventsDefinition } from '../../shared/runtime/composition/ses-events.js';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.js';
import type { DepsOf, Ports } from '../../shared/runtime/ports.js';
import { recordSesNotification } from '../../shared/usecases/subscriptions/ses-events.js';

/**
 * SNS (SES configuration-set events) → suppress permanently bounced and complaining addresses.
 * A message that is not JSON is logged and dropped; a store failure throws, so Lambda's async retries
 * (then the stack's async DLQ) run it again, which is safe: the use case is idempotent.
 */
export const makeHandler = (deps: DepsOf<typeof sesEventsDefinition>, ports: Pick<Ports<'ses-events'>, 'logger'>) => async (event: SNSEvent) => {
  const { logger } = ports;
  const outcomes: string[] = [];
  for (const record of event.Records ?? []) {
    let notification: unknown;
    try {
      notification = JSON.parse(record.Sns.Message);
    } catch {
      logger.warn('SNS message is not JSON; dropped', { messageId: record.Sns.MessageId });
      outcomes.push('invalid');
      continue;
    }
    const result = await recordSesNotification(deps, notification);
    if (result.kind === 'ignored') logger.info('ignored', { messageId: record.Sns.MessageId, why: result.why });
    // Counts and subscriber ids only: addresses stay out of the logs.
    else logger.info('suppressed', { messageId: record.Sns.MessageId, reason: result.reason, newly: result.newlySuppressed.length, already: result.alreadySuppressed.length, subscribersChanged: result.subscribersChanged });
    outcomes.push(result.kind);
  }
  return { outcomes };
};

export const handler = lambdaHandler(sesEventsDefinition, makeHandler);
