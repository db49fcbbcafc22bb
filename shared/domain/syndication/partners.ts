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
export const PARTNER_TOKEN_RULE = 'at least 32 characters of A-Z a-z 0-9 _ - (≥ 128 bits of randomness)';

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

/**
 * The configured partners that are active, each with its token from the PartnerTokens secret (by partner id). A partner
 * without a usable token gets no private feeds (it is named in `withoutToken`); revoked partners need none: their
 * files are deleted as no longer called for.
 */
export function partnersWithTokens(
  partners: readonly { id: string; topics: string[]; revoked?: boolean }[],
  tokens: { values: ReadonlyMap<string, string>; rejected: readonly { id: string; reason: string }[] },
): { partners: PartnerAccess[]; withoutToken: { id: string; reason: string }[] } {
  const found: PartnerAccess[] = [];
  const withoutToken: { id: string; reason: string }[] = [];
  for (const partner of partners.filter((p) => !p.revoked)) {
    const token = tokens.values.get(partner.id);
    if (token) found.push({ id: partner.id, token, topics: partner.topics });
    else withoutToken.push({ id: partner.id, reason: tokens.rejected.find((r) => r.id === partner.id)?.reason ?? 'no token' });
  }
  return { partners: found, withoutToken };
}

/** A key with its partner token replaced by the partner's id (`<token>` for a token no active partner holds): fit for logs. */
export function withoutPartnerToken(key: string, partners: readonly PartnerAccess[]): string {
  const token = privateToken(key);
  if (!token) return key;
  const id = partners.find((p) => p.token === token)?.id;
  return `${PRIVATE_PREFIX}/<${id ?? 'token'}>${key.slice(PRIVATE_PREFIX.length + 1 + token.length)}`;
}
