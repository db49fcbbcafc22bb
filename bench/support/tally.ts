/** What a scenario counted, aggregated: calls per (function, outcome tag, service, operation), invocations, log bytes, metrics. */
import type { CountEvent, Trace } from './trace.js';

export interface TallyRow {
  fn: string;
  tag: string;
  service: CountEvent['service'];
  op: string;
  calls: number;
  rru: number;
  wru: number;
  billed: number;
  messages: number;
  bytes: number;
  newItemBytes: number;
  newItems: number;
}

export interface InvocationStats {
  invocations: number;
  records: number;
  /** Sum of modelled durations (measured compute + modelled waiting), ms. */
  durationMs: number;
  /** The measured in-process part of durationMs. */
  computeMs: number;
  durations: number[];
}

export interface LogStats {
  fn: string;
  /** The record's outcome tag ("304"...), "platform" for START/END/REPORT, "" for per-invocation lines. */
  tag: string;
  events: number;
  bytes: number;
}

export class Tally {
  readonly rows = new Map<string, TallyRow>();
  readonly lambda = new Map<string, InvocationStats>();
  readonly logs = new Map<string, LogStats>();
  /** Distinct CloudWatch metrics (namespace, name, dimension values) from the EMF lines, per function. */
  readonly metrics = new Map<string, Set<string>>();
  /** Scenario events that drive the projection (polls, new articles, matches, ticks...). */
  readonly drivers: Record<string, number> = {};

  add(fn: string, tag: string, e: CountEvent): void {
    const key = `${fn}|${tag}|${e.service}|${e.op}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { fn, tag, service: e.service, op: e.op, calls: 0, rru: 0, wru: 0, billed: 0, messages: 0, bytes: 0, newItemBytes: 0, newItems: 0 };
      this.rows.set(key, row);
    }
    row.calls += e.calls;
    row.rru += e.rru ?? 0;
    row.wru += e.wru ?? 0;
    row.billed += e.billed ?? e.calls;
    row.messages += e.messages ?? 0;
    row.bytes += e.bytes ?? 0;
    row.newItemBytes += e.newItemBytes ?? 0;
    row.newItems += e.newItems ?? 0;
  }

  addTrace(trace: Trace): void {
    for (const e of trace.events) this.add(trace.fn, trace.tag, e);
  }

  invocation(fn: string, records: number, durationMs: number, computeMs: number): void {
    const s = this.lambda.get(fn) ?? { invocations: 0, records: 0, durationMs: 0, computeMs: 0, durations: [] };
    s.invocations += 1;
    s.records += records;
    s.durationMs += durationMs;
    s.computeMs += computeMs;
    s.durations.push(durationMs);
    this.lambda.set(fn, s);
  }

  log(fn: string, tag: string, events: number, bytes: number): void {
    const key = `${fn}|${tag}`;
    const s = this.logs.get(key) ?? { fn, tag, events: 0, bytes: 0 };
    s.events += events;
    s.bytes += bytes;
    this.logs.set(key, s);
  }

  metric(fn: string, identity: string): void {
    const set = this.metrics.get(fn) ?? new Set<string>();
    set.add(identity);
    this.metrics.set(fn, set);
  }

  drive(name: string, n = 1): void {
    this.drivers[name] = (this.drivers[name] ?? 0) + n;
  }

  reset(): void {
    this.rows.clear();
    this.lambda.clear();
    this.logs.clear();
    this.metrics.clear();
    for (const k of Object.keys(this.drivers)) delete this.drivers[k];
  }

  list(filter: (r: TallyRow) => boolean = () => true): TallyRow[] {
    return [...this.rows.values()].filter(filter);
  }
}
