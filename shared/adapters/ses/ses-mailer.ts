/**
 * Mailer over Amazon SES: a raw MIME message (composeMime) sent with SendRawEmail, so the RFC 8058
 * List-Unsubscribe headers reach the recipient. SES errors become DeliveryErrors the use case acts on.
 */
import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { DeliveryError, type FailureAction } from '../../ports/errors.js';
import type { Mailer, OutgoingEmail } from '../../ports/senders.js';
import { composeMime } from './compose-mime.js';

export interface SesMailerOptions {
  configurationSetName?: string;
}

export class SesMailer implements Mailer {
  constructor(
    private readonly client: Pick<SESClient, 'send'>,
    private readonly options: SesMailerOptions = {},
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const raw = await composeMime(email);
    try {
      const out = await this.client.send(
        new SendRawEmailCommand({
          RawMessage: { Data: raw },
          Destinations: [email.to],
          ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
        }),
      );
      return { messageId: out.MessageId ?? '' };
    } catch (err) {
      throw sesDeliveryError(err);
    }
  }
}

/** Maps an SES (v1 API) error to what the consumer should do. */
export function sesDeliveryError(err: unknown): DeliveryError {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const name = e?.name ?? 'Error';
  const message = e?.message ?? String(err);
  const status = e?.$metadata?.httpStatusCode;
  const text = `${name}: ${message}`;
  let action: FailureAction;
  if (/AccountSendingPaused|ConfigurationSetSendingPaused|AccountSuspended/i.test(name) || /suspended/i.test(message)) {
    action = { kind: 'halt', reason: text };
  } else if (/MailFromDomainNotVerified|ConfigurationSetDoesNotExist|FromEmailAddressNotVerified|AccessDenied|InvalidClientTokenId|UnrecognizedClient|ExpiredToken/i.test(name)) {
    // Every message would fail the same way: stop and alarm rather than burn the queue.
    action = { kind: 'halt', reason: text };
  } else if (name === 'MessageRejected') {
    action = { kind: 'park', reason: text };
  } else if (/Daily message quota exceeded/i.test(message)) {
    action = { kind: 'retry', delaySeconds: 900 };
  } else if (/Throttl|TooManyRequests|LimitExceeded|RequestLimitExceeded/i.test(name) || /Maximum sending rate exceeded/i.test(message) || status === 429) {
    action = { kind: 'retry', delaySeconds: 0 };
  } else if ((status !== undefined && status >= 500) || e?.$retryable || /Timeout|ECONNRESET|ECONNREFUSED|EPIPE|ENOTFOUND|EAI_AGAIN|socket hang up|NetworkingError/i.test(`${name} ${message}`)) {
    action = { kind: 'retry', delaySeconds: 0 };
  } else if (status !== undefined && status >= 400) {
    action = { kind: 'park', reason: text };
  } else {
    action = { kind: 'retry', delaySeconds: 0 };
  }
  return new DeliveryError(text, action, 'ses');
}
