import { createHash, timingSafeEqual } from 'node:crypto';
import { PRIVATE_PREFIX } from './feed-paths.js';

/** A partner's access to private feeds, with its token already resolved. */
export interface PartnerAccess {
  id: string;
  token: string;
  topics: string[];
  revoked?: boolean;
}

/**
 * At least 32 characters of the URL-safe base64 alphabet: ≥ 128 bits even for hex, 192 bits for base64url.
 * Generate one with: node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"
 */
export const PARTNER_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,256}$/;

export const isStrongToken = (token: string): boolean => PARTNER_TOKEN_PATTERN.test(token);

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * The active partner holding `candidate`, compared in constant time: both sides are hashed to equal length and
 * every partner is compared, so neither timing nor early exit tells how close a guess was.
 */
export function findActivePartner<P extends PartnerAccess>(partners: readonly P[], candidate: string): P | undefined {
  const wanted = digest(candidate);
  let found: P | undefined;
  for (const partner of partners) {
    const equal = timingSafeEqual(digest(partner.token), wanted);
    if (equal && !partner.revoked && !found) found = partner;
  }
  return found;
}

/** The token segment of a private key or URL path (`feeds/private/<token>/...`), if it is one. */
export function privateToken(key: string): string | undefined {
  const rest = key.startsWith(`${PRIVATE_PREFIX}/`) ? key.slice(PRIVATE_PREFIX.length + 1) : undefined;
  const token = rest?.split('/')[0];
  return token ? token : undefined;
}
