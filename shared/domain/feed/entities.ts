const CP1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Raw C1 control characters (U+0080-U+009F) are windows-1252 punctuation mislabelled; nobody means the controls. */
export function demoroniseC1(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}

const CP1252_BYTE = new Map<string, number>([...CP1252_C1].map((c, i) => [c, 0x80 + i]));
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Repairs UTF-8 that was decoded as windows-1252/latin-1 somewhere upstream ("â€¦" for "…"):
 * only runs of characters that re-encode to a complete, valid UTF-8 sequence are replaced.
 */
export function fixMojibake(text: string): string {
  if (!/[\u00c2-\u00f4]/.test(text)) return text;
  // A run repeats (the same few characters of a mis-decoded text, or a hostile one): decode each only once.
  const repaired = new Map<string, string>();
  return text.replace(/[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]{1,3}/g, (run) => {
    let out = repaired.get(run);
    if (out === undefined) repaired.set(run, (out = repairRun(run)));
    return out;
  });
}

function repairRun(run: string): string {
  const bytes = [...run].map((c) => CP1252_BYTE.get(c) ?? c.charCodeAt(0));
  if (bytes.some((b) => b > 0xff)) return run;
  try {
    const decoded = strictUtf8.decode(new Uint8Array(bytes));
    return [...decoded].length === 1 ? decoded : run;
  } catch {
    return run;
  }
}
