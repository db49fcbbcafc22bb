const SAFE_SCHEMES = new Set(['http:', 'https:']);

/** Resolves `href` against `base` (an absolute URL or undefined); only http(s) results survive. */
export function resolveLink(href: string | undefined | null, base: string | undefined): string | undefined {
  if (typeof href !== 'string') return undefined;
  // Whitespace and control characters inside a scheme are how `java\tscript:` slips through naive checks; URL strips them too.
  const trimmed = href.trim();
  if (!trimmed) return undefined;
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    if (!SAFE_SCHEMES.has(url.protocol) || !url.hostname) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/** Resolves a (possibly relative) xml:base against the inherited base; keeps the old base when it does not resolve. */
export function resolveBase(xmlBase: string | undefined, inherited: string | undefined): string | undefined {
  if (typeof xmlBase !== 'string' || !xmlBase.trim()) return inherited;
  try {
    return (inherited ? new URL(xmlBase.trim(), inherited) : new URL(xmlBase.trim())).href;
  } catch {
    return inherited;
  }
}
