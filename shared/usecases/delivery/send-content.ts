/** Hands channel content to its provider: SES, a signed webhook POST, or Telegram in parts. */
import { deliveryId } from '../../domain/delivery/delivery-keys.js';
import { SIGNATURE_HEADER, webhookSignature } from '../../domain/delivery/webhook-signature.js';
import type { Subscriber } from '../../domain/subscriber.js';
import { DeliveryError } from '../../ports/errors.js';
import type { DeliveryKey } from '../../ports/stores.js';
import type { ChannelContent } from './channel-content.js';
import type { Run } from './run.js';
import type { SendResult } from './send-result.js';
import { sendTelegramParts } from './telegram-parts.js';

export async function sendContent(run: Run, key: DeliveryKey, sub: Subscriber, content: ChannelContent, alreadyPaced: boolean): Promise<SendResult> {
  const { deps } = run;
  if (content.channel === 'email') {
    const { messageId } = await deps.mailer.send(content.email);
    return { kind: 'sent', providerId: messageId };
  }
  if (content.channel === 'webhook') {
    // Retried with backoff (then parked): the admin may be adding the key, which senders see within the secret cache's age.
    if (!content.key) throw new DeliveryError(`no key for webhook receiver "${sub.id}" in the WebhookKeys secret (npx newshound webhook-key ${sub.id})`, { kind: 'retry', delaySeconds: 0 }, 'webhook');
    const body = content.body(run.now);
    const headers = {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: webhookSignature(content.key, run.now.getTime() / 1000, body),
      'X-Newshound-Delivery': deliveryId(key),
    };
    const { httpStatus } = await deps.webhooks.post({ url: content.url, body, headers });
    return { kind: 'sent', providerId: `http-${httpStatus}` };
  }
  return sendTelegramParts(run, key, sub, content.parts, alreadyPaced);
}
