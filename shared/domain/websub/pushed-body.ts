import type { PollRequested } from '../messages.js';

/**
 * The largest poll message that carries a pushed body itself. SQS takes up to 256 KiB a message; this leaves a quarter
 * for headroom. The body travels as base64 (4 characters for 3 bytes, all JSON-safe), so bodies up to about 144 KiB
 * fit; larger ones go through the push inbox.
 */
export const INLINE_PUSH_MAX_MESSAGE_BYTES = 192 * 1024;

/** The poll message carrying a pushed body inline, or undefined when it would be over INLINE_PUSH_MAX_MESSAGE_BYTES. */
export function inlinePushMessage(feedId: string, body: Uint8Array, contentType: string | undefined): PollRequested | undefined {
  // Measured before encoding: a body whose base64 alone is over the cap is never encoded.
  if (Math.ceil(body.length / 3) * 4 > INLINE_PUSH_MAX_MESSAGE_BYTES) return undefined;
  const message: PollRequested = { feedId, pushed: { body: Buffer.from(body).toString('base64'), ...(contentType ? { contentType } : {}) } };
  return Buffer.byteLength(JSON.stringify(message)) <= INLINE_PUSH_MAX_MESSAGE_BYTES ? message : undefined;
}
