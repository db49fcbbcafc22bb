/** Constant-time comparison of a presented secret with the expected one, whatever their lengths. */
import { createHash, timingSafeEqual } from 'node:crypto';

export function secretMatches(presented: string | undefined, expected: string): boolean {
  if (!expected) return false;
  // Hashing first gives equal-length inputs, so neither the content nor the length leaks through timing.
  const a = createHash('sha256').update(presented ?? '', 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && presented !== undefined;
}
