/** Email addresses as subscriptions see them: validated at the edge, compared case-insensitively. */
import * as z from 'zod/mini';
import '../zod-messages.js';

const MAX_LENGTH = 254;
const emailSchema = z.email();

/** The lookup form of an address: trimmed and lower-case (providers treat addresses case-insensitively in practice). */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** True for a plain address `local@domain.tld` of at most 254 characters (no display name, no whitespace, no CR/LF). */
export function isValidEmail(raw: string): boolean {
  const value = raw.trim();
  return value.length > 0 && value.length <= MAX_LENGTH && emailSchema.safeParse(value).success;
}

/**
 * The bare address of a recipient as SES reports it: `a@b.org` or `"Name" <a@b.org>`, normalised.
 * Undefined when there is no valid address in it.
 */
export function recipientAddress(raw: string): string | undefined {
  const angle = /<([^<>\s]+)>\s*$/.exec(raw);
  const candidate = (angle ? angle[1]! : raw).trim();
  return isValidEmail(candidate) ? normaliseEmail(candidate) : undefined;
}
