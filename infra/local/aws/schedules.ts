/** EventBridge Scheduler, locally: rate() schedules fire at start and then at their rate. */

const UNITS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };

/** Milliseconds between runs of a `rate(N unit)` expression; anything else is an error naming it. */
export function rateMs(expression: string): number {
  const match = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (!match) throw new Error(`the local runtime runs rate(...) schedules only, not ${JSON.stringify(expression)}`);
  return Number(match[1]) * UNITS[match[2]!]!;
}

/** The target input with Scheduler's context attributes filled in. */
export function scheduledInput(input: string, scheduleArn: string, at: Date, attempt = 1): unknown {
  const text = input
    .replaceAll('<aws.scheduler.scheduled-time>', at.toISOString().replace(/\.\d{3}Z$/, 'Z'))
    .replaceAll('<aws.scheduler.schedule-arn>', scheduleArn)
    .replaceAll('<aws.scheduler.execution-id>', crypto.randomUUID())
    .replaceAll('<aws.scheduler.attempt-number>', String(attempt));
  return JSON.parse(text);
}
