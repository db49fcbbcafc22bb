/**
 * A new link by email, for someone whose link expired: an address that gets alerts is mailed fresh links to its
 * preferences; any other address gets nothing. The answer, and its timing, are the same either way.
 */
import { receivingHolder } from '../../domain/subscription/holders.js';
import { addressHolders } from './address-holders.js';
import { paced } from './answer-pacing.js';
import type { SubscriptionDeps } from './deps.js';
import { mailManageLinks } from './mail-links.js';
import { addressAllowed, networkLimited } from './request-limits.js';

export type LinkRequestOutcome =
  /** `detail` is for logs only, never for the response. */
  | { kind: 'accepted'; detail: 'links-sent' | 'not-receiving' | 'suppressed' | 'address-limited' }
  | { kind: 'rate-limited'; retryAfterSeconds: number };

export async function requestLink(deps: SubscriptionDeps, input: { email: string; clientIp: string }): Promise<LinkRequestOutcome> {
  const limits = { ip: input.clientIp, email: input.email };
  const retryAfterSeconds = await networkLimited(deps, limits);
  if (retryAfterSeconds !== undefined) return { kind: 'rate-limited', retryAfterSeconds };
  return paced(deps, async () => {
    if (!(await addressAllowed(deps, limits))) return { kind: 'accepted', detail: 'address-limited' };
    const { holders, suppressed } = await addressHolders(deps, input.email);
    if (suppressed) return { kind: 'accepted', detail: 'suppressed' };
    const receiving = receivingHolder(holders);
    if (!receiving) return { kind: 'accepted', detail: 'not-receiving' };
    await mailManageLinks(deps, receiving, input.email, 'new-link');
    return { kind: 'accepted', detail: 'links-sent' };
  });
}
