/**
 * What `newshound doctor` prints: one line per check, ok or ACTION, and under each that needs action the one
 * command or console step that fixes it; `--json` gives the same as one object. Pure: formatting only.
 */

export type CheckStatus = 'ok' | 'action';

export interface Check {
  /** Stable id for scripts: ses-sender, ses-account, telegram-token, ... */
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found, in one sentence. */
  detail: string;
  /** Lines under the detail (one per failing feed, waiting queue, ...). */
  items?: string[];
  /** The one command or console step that fixes it (when status is action). */
  fix?: string;
}

export interface Report {
  /** What was looked at: the stacks and where. */
  target: string;
  checks: Check[];
}

const STATUS_WIDTH = 'ACTION'.length;

export function needsAction(checks: Check[]): Check[] {
  return checks.filter((c) => c.status === 'action');
}

/** 0 when every check is ok, 1 when one needs action. */
export function exitCodeOf(checks: Check[]): 0 | 1 {
  return needsAction(checks).length > 0 ? 1 : 0;
}

export function formatReport(report: Report, heading = 'newshound doctor'): string {
  const titleWidth = Math.max(0, ...report.checks.map((c) => c.title.length));
  const indent = ' '.repeat(2 + STATUS_WIDTH + 2 + titleWidth + 2);
  const lines = [`${heading}: ${report.target}`, ''];
  for (const check of report.checks) {
    const status = check.status === 'ok' ? 'ok' : 'ACTION';
    lines.push(`  ${status.padEnd(STATUS_WIDTH)}  ${check.title.padEnd(titleWidth)}  ${oneLine(check.detail)}`);
    for (const item of check.items ?? []) lines.push(`${indent}- ${oneLine(item)}`);
    if (check.status === 'action' && check.fix) lines.push(`${indent}fix: ${oneLine(check.fix)}`);
  }
  const failing = needsAction(report.checks).length;
  lines.push('');
  lines.push(failing === 0 ? `All ${report.checks.length} checks ok.` : `${failing} of ${report.checks.length} check${report.checks.length === 1 ? '' : 's'} need${failing === 1 ? 's' : ''} action.`);
  return lines.join('\n');
}

export function reportJson(report: Report): string {
  return JSON.stringify({ target: report.target, ok: exitCodeOf(report.checks) === 0, needsAction: needsAction(report.checks).map((c) => c.id), checks: report.checks });
}

/** Control characters (a feed's error text, a Telegram description) cannot break the report's lines or the terminal. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\s\u0000-\u001f\u007f-\u009f]*[\u0000-\u001f\u007f-\u009f][\s\u0000-\u001f\u007f-\u009f]*/g, ' ').trim();
}
