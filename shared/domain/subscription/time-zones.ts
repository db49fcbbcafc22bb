/** IANA time zones as the runtime's ICU knows them (no clock involved). */

let cached: readonly string[] | undefined;

/** Every IANA zone the runtime supports, sorted, with UTC first. */
export function listTimeZones(): readonly string[] {
  cached ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC').sort()];
  return cached;
}

export function isValidTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
