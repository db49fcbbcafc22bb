import { html, type SafeHtml } from '../../../shared/domain/pages/html.js';

const UNITS: readonly [limitSeconds: number, seconds: number, unit: string][] = [
  [90, 1, 's'],
  [90 * 60, 60, 'min'],
  [36 * 3600, 3600, 'h'],
  [Infinity, 86_400, 'd'],
];

/** "3 min ago", "in 2 h", "just now": how far `iso` is from `now`, in the largest unit that reads well. */
export function relativeTime(iso: string, now: Date): string {
  const seconds = (Date.parse(iso) - now.getTime()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 10) return 'just now';
  const [, size, unit] = UNITS.find(([limit]) => abs < limit)!;
  const amount = `${Math.round(abs / size)} ${unit}`;
  return seconds < 0 ? `${amount} ago` : `in ${amount}`;
}

/** A `<time>` with the relative words as its text and the exact instant in its datetime and title. */
export function humanTime(iso: string | undefined, now: Date, missing = 'never'): SafeHtml {
  if (!iso || Number.isNaN(Date.parse(iso))) return html`${missing}`;
  const exact = new Date(iso).toISOString();
  return html`<time datetime="${exact}" title="${exact}">${relativeTime(exact, now)}</time>`;
}
