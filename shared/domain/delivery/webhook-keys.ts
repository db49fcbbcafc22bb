/**
 * Every webhook receiver has a key of its own (the WebhookKeys secret, by subscriber id), so a receiver that can
 * verify its deliveries cannot forge another receiver's. At least 32 characters: a random 32-byte base64url value
 * (`npx newshound webhook-key <id>` makes one) has 43.
 */
export const WEBHOOK_KEY_PATTERN = /^[\x21-\x7e]{32,256}$/;
export const WEBHOOK_KEY_RULE = '32 to 256 printable ASCII characters without spaces';

export const isWebhookKey = (key: string): boolean => WEBHOOK_KEY_PATTERN.test(key);
