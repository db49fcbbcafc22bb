/**
 * A tiny auto-escaping HTML template tag: every interpolated value is text unless it is already SafeHtml.
 * (A dozen lines; the libraries that do this are client-side frameworks we do not need.)
 */
import { escapeHtml } from '../render/escape.js';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Marks a trusted constant (never user or feed text) as HTML. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
