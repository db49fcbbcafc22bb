/**
 * Mailer over Amazon SES: a raw MIME message (composeMime) sent with SendRawEmail, so the RFC 8058
 * List-Unsubscribe headers reach the recipient. SES errors become DeliveryErrors the use case acts on.
 */
import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { DeliveryError, type FailureAction, RecipientNotVerifiedError } from '../../ports/errors.js';
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
      throw sesDeliveryError(err, email);
    }
  }
}

const addressOf = (value: string) => (/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value).trim().toLowerCase();

/**
 * The identities SES names in "Email address is not verified. The following identities failed the check in region
 * US-EAST-1: a@x.org, b@y.org" (an unverified sender, or in the sandbox an unverified recipient too).
 */
function unverifiedIdentities(message: string): string[] | undefined {
  const listed = /not verified\..*failed the check in region [^:]+:\s*(.+)$/is.exec(message)?.[1];
  return listed?.split(/[\s,]+/).filter(Boolean).map((identity) => identity.toLowerCase());
}

/** Maps an SES (v1 API) error to what the consumer should do; `email` tells a refused recipient from a refused sender. */
export function sesDeliveryError(err: unknown, email?: Pick<OutgoingEmail, 'from' | 'to'>): DeliveryError {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const name = e?.name ?? 'Error';
  const message = e?.message ?? String(err);
  const status = e?.$metadata?.httpStatusCode;
  const text = `${name}: ${message}`;
  const unverified = name === 'MessageRejected' ? unverifiedIdentities(message) : undefined;
  if (unverified && email) {
    // Every message from an unverified sender fails alike: stop and alarm. A refused recipient is this message's own.
    if (unverified.includes(addressOf(email.from))) return new DeliveryError(text, { kind: 'halt', reason: text }, 'ses');
    if (unverified.includes(addressOf(email.to))) return new RecipientNotVerifiedError(text, 'ses');
  }
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
