/** Quotes that open a query phrase, and what closes each (`„…“` also closes with `”`). */
export const CLOSING_QUOTE: Record<string, string> = { '"': '"', '\u201C': '\u201D', '\u00AB': '\u00BB', '\u201E': '\u201C' };
