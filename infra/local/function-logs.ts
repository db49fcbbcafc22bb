/**
 * The functions' logs (CloudWatch Logs, locally): every line each function writes, kept in memory (the latest
 * lines per run), parsed when it is Powertools' JSON. The local runtime prints what an admin should see.
 */

export interface FunctionLogLine {
  function: string;
  at: number;
  level?: string;
  message?: string;
  /** The parsed JSON line, when it is one. */
  json?: Record<string, unknown>;
  raw: string;
}

const KEEP = 20_000;

export class FunctionLogs {
  private readonly lines: FunctionLogLine[] = [];
  private dropped = 0;

  constructor(private readonly echo: (line: FunctionLogLine) => void = () => {}) {}

  add(fn: string, raw: string): void {
    let json: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      // a plain line (a runtime warning, a stack trace)
    }
    const line: FunctionLogLine = {
      function: fn,
      at: Date.now(),
      raw,
      ...(json ? { json, ...(typeof json.level === 'string' ? { level: json.level } : {}), ...(typeof json.message === 'string' ? { message: json.message } : {}) } : {}),
    };
    this.lines.push(line);
    if (this.lines.length > KEEP) {
      this.lines.splice(0, this.lines.length - KEEP);
      this.dropped += 1;
    }
    this.echo(line);
  }

  /** A position to read from later (see since). */
  mark(): number {
    return this.lines.length + this.dropped;
  }

  since(mark: number): FunctionLogLine[] {
    return this.lines.slice(Math.max(0, mark - this.dropped));
  }
}

/** One line for the console: warnings and errors, and the few INFO lines that say what the system did. */
export function consoleLine(line: FunctionLogLine): string | undefined {
  const j = line.json;
  if (!j) return `[${line.function}] ${line.raw}`;
  const level = line.level ?? 'INFO';
  if (level === 'WARN' || level === 'ERROR' || level === 'CRITICAL') return `[${line.function}] ${level}: ${line.message ?? ''} ${detail(j)}`.trimEnd();
  if (line.message === 'polled' && (Number(j.newArticles) > 0 || j.status === 'error')) {
    return j.status === 'error' ? `[poll-feed] feed ${String(j.feedId)} failed: ${String(j.error)}` : `[poll-feed] ${String(j.feedId)}: ${String(j.newArticles)} new article(s)`;
  }
  if (line.message === 'ingested a pushed body' && Number(j.newArticles) > 0) return `[poll-feed] ${String(j.feedId)}: ${String(j.newArticles)} new article(s) pushed by its WebSub hub`;
  if (line.message === 'websub subscription') return `[websub-subscribe] ${String(j.feedId)}: ${String(j.action)} (${String(j.reason)})${j.outcome ? `: ${String(j.outcome)}` : ''}`;
  if (line.message === 'dispatched polls' && Number(j.count) > 0) return `[dispatch-polls] polling ${(j.feedIds as string[]).join(', ')}`;
  return undefined;
}

const NOISE = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate', 'xray_trace_id', 'cold_start', 'function_arn', 'function_memory_size', 'function_name', 'function_request_id']);

function detail(json: Record<string, unknown>): string {
  const rest = Object.fromEntries(Object.entries(json).filter(([k]) => !NOISE.has(k)));
  return Object.keys(rest).length ? JSON.stringify(rest) : '';
}
