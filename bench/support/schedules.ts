/**
 * The topology's schedules as the cost scenario fires them and the model scales them. Each is filed under a label:
 * the function's name when the schedule is its trigger, "<function> <schedule id>" when it is a second trigger of a
 * queue consumer (a sender's resume check), so its invocations do not scale with the queue's work.
 */
import { entryOf, FUNCTION_NAMES, type FunctionName, queueTriggerOf, type ScheduleTrigger } from '../../shared/topology/functions.js';

export interface BenchSchedule {
  fn: FunctionName;
  trigger: ScheduleTrigger;
  label: string;
}

export const SCHEDULES: BenchSchedule[] = FUNCTION_NAMES.flatMap((fn) =>
  entryOf(fn)
    .triggers.filter((t): t is ScheduleTrigger => t.kind === 'schedule')
    .map((trigger) => ({ fn, trigger, label: queueTriggerOf(fn) ? `${fn} ${trigger.id}` : fn })),
);

export function scheduleOf(label: string): BenchSchedule | undefined {
  return SCHEDULES.find((s) => s.label === label);
}

/** The function a tally label names: "send-email ResumeCheck" → send-email. */
export function functionOf(label: string): FunctionName {
  const fn = label.split(' ')[0] as FunctionName;
  if (!FUNCTION_NAMES.includes(fn)) throw new Error(`no function in label "${label}"`);
  return fn;
}

/** The event EventBridge Scheduler sends: the schedule's input and the scheduled time. */
export function scheduledEvent(schedule: BenchSchedule, at: Date): Record<string, unknown> {
  return { ...(schedule.trigger.input ?? {}), scheduledTime: at.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}
