import { html, type SafeHtml } from '../../../shared/domain/pages/html.js';

export interface Series {
  /** What the chart counts, e.g. a topic or a channel. */
  name: string;
  /** Counts per bucket, oldest first, each with its label ("Dec 4"). */
  points: readonly { label: string; value: number }[];
}

const WIDTH = 240;
const HEIGHT = 80;
const BASE = 66;

let charts = 0;

/**
 * A small column chart as inline SVG (no script, no stylesheet of its own). Screen readers get its title and a
 * description listing every number; the figcaption shows the same numbers as text.
 */
export function columnChart(series: Series, unit: string, id = `chart-${++charts}`): SafeHtml {
  const max = Math.max(1, ...series.points.map((p) => p.value));
  const total = series.points.reduce((sum, p) => sum + p.value, 0);
  const slot = WIDTH / Math.max(1, series.points.length);
  const numbers = series.points.map((p) => `${p.label}: ${p.value}`).join(', ');
  const columns = series.points.map((p, i) => {
    const h = Math.round((p.value / max) * (BASE - 8));
    const x = Math.round(i * slot + slot * 0.15);
    const w = Math.max(1, Math.round(slot * 0.7));
    return html`<rect x="${x}" y="${BASE - h}" width="${w}" height="${h}" fill="#1d4ed8"><title>${p.label}: ${p.value}</title></rect>`;
  });
  const first = series.points[0];
  const last = series.points.at(-1);
  return html`<figure>
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-t ${id}-d" focusable="false">
<title id="${id}-t">${series.name}: ${total} ${unit}</title>
<desc id="${id}-d">${numbers}</desc>
<line x1="0" y1="${BASE + 0.5}" x2="${WIDTH}" y2="${BASE + 0.5}" stroke="#5b6675"/>
${columns}
<text x="0" y="${HEIGHT - 2}" font-size="10" fill="#4a5565">${first?.label ?? ''}</text>
<text x="${WIDTH}" y="${HEIGHT - 2}" font-size="10" fill="#4a5565" text-anchor="end">${last?.label ?? ''}</text>
</svg>
<figcaption><strong>${series.name}</strong>: ${total} ${unit} (${numbers})</figcaption>
</figure>`;
}

/** The last `days` UTC days ending with `now`'s, as labels and counts of the instants falling in each. */
export function perDay(instants: readonly string[], now: Date, days = 7): { label: string; value: number }[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const starts = Array.from({ length: days }, (_, i) => today - (days - 1 - i) * 86_400_000);
  const counts = starts.map(() => 0);
  for (const instant of instants) {
    const t = Date.parse(instant);
    const i = Math.floor((t - starts[0]!) / 86_400_000);
    if (i >= 0 && i < days) counts[i]! += 1;
  }
  const label = (start: number) => new Date(start).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return starts.map((start, i) => ({ label: label(start), value: counts[i]! }));
}
