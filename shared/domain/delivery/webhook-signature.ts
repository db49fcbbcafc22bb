/**
 * Webhook signatures: `X-Newshound-Signature: t=<epoch seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
 * (the scheme Stripe made familiar). Receivers verify in constant time and refuse old timestamps (replays).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Newshound-Signature';

export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  const t = Math.floor(timestampSeconds);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** True when `header` carries a valid v1 signature of `body` made within `toleranceSeconds` of `nowSeconds`. */
export function verifyWebhookSignature(secret: string, header: string | undefined, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  if (!header || header.length > 1024) return false;
  const fields = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const k = part.slice(0, eq).trim();
    fields.set(k, [...(fields.get(k) ?? []), part.slice(eq + 1).trim()]);
  }
  const t = Number(fields.get('t')?.[0]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'), 'utf8');
  return (fields.get('v1') ?? []).some((sig) => {
    const given = Buffer.from(sig, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
