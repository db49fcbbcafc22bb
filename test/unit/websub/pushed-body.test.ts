import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pollRequestedSchema } from '../../../shared/domain/message-schemas.js';
import { INLINE_PUSH_MAX_MESSAGE_BYTES, inlinePushMessage } from '../../../shared/domain/websub/pushed-body.js';

const bytes = (n: number) => new Uint8Array(randomBytes(n));

describe('a pushed body in the poll message', () => {
  it('carries the exact bytes as base64 while the message stays under the cap, and not one step over it', () => {
    const contentType = 'application/atom+xml; charset=utf-8';
    // The message around an empty body, then as many 3-byte groups (4 base64 characters each) as the rest holds.
    const around = Buffer.byteLength(JSON.stringify(inlinePushMessage('feed-1', new Uint8Array(), contentType)));
    const fits = Math.floor((INLINE_PUSH_MAX_MESSAGE_BYTES - around) / 4) * 3;
    const body = bytes(fits);
    const message = inlinePushMessage('feed-1', body, contentType)!;
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThanOrEqual(INLINE_PUSH_MAX_MESSAGE_BYTES);
    expect(inlinePushMessage('feed-1', bytes(fits + 1), contentType)).toBeUndefined();
    const pushed = message.pushed as { body: string; contentType: string };
    expect(Buffer.from(pushed.body, 'base64').equals(body)).toBe(true);
    expect(pushed.contentType).toBe(contentType);
    // Under SQS's 256 KiB with room to spare.
    expect(INLINE_PUSH_MAX_MESSAGE_BYTES).toBeLessThan(256 * 1024);
  });

  it('validates both shapes of a pushed message and names what is wrong with a bad one', () => {
    expect(pollRequestedSchema.safeParse({ feedId: 'a', pushed: { key: 'inbox/a/1', contentType: 'application/rss+xml' } }).success).toBe(true);
    expect(pollRequestedSchema.safeParse({ feedId: 'a', pushed: { body: Buffer.from('<rss/>').toString('base64') } }).success).toBe(true);
    expect(pollRequestedSchema.safeParse({ feedIds: ['a', 'b'] }).success).toBe(true);
    for (const bad of [{ feedId: 'a', pushed: { body: 'not base64!' } }, { feedId: 'a', pushed: { key: 'k', body: 'PHJzcy8+' } }, { feedId: 'a', pushed: {} }, { feedIds: 'a' }]) {
      expect(pollRequestedSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
