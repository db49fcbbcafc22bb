/** Page and unsubscribe limits per client network when the config names none (no imports: every bundle reads these). */
export const DEFAULT_REQUEST_LIMITS = {
  pagesPerIp: { limit: 300, windowMinutes: 10 },
  // Counts only links that do not verify (a person's own link never counts): generous for mail scanners behind one address.
  unsubscribePerIp: { limit: 300, windowMinutes: 10 },
} as const;
