import { GetScheduleCommand } from '@aws-sdk/client-scheduler';
import type { Check } from '../report.js';
import type { AdminSession } from '../session.js';

/** Every schedule of the stack is enabled (a disabled one polls, sweeps or resumes nothing). */
export async function schedulesCheck(session: AdminSession): Promise<Check> {
  const base = { id: 'schedules', title: 'Schedules' };
  const names = session.stack.ofType('AWS::Scheduler::Schedule').map((r) => r.physicalId);
  const disabled: string[] = [];
  const missing: string[] = [];
  for (const name of names) {
    try {
      const schedule = await session.clients.scheduler.send(new GetScheduleCommand({ Name: name }));
      if (schedule.State !== 'ENABLED') disabled.push(`${name}${schedule.Description ? ` (${schedule.Description})` : ''}`);
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
      missing.push(name);
    }
  }
  if (missing.length > 0) return { ...base, status: 'action', detail: `${missing.length} of ${names.length} schedules are gone`, items: missing, fix: 'deploy again to recreate them: npx cdk deploy --all' };
  if (disabled.length > 0) {
    return {
      ...base,
      status: 'action',
      detail: `${disabled.length} of ${names.length} schedules disabled`,
      items: disabled,
      fix: 'EventBridge console → Scheduler → Schedules → select the schedule → Enable',
    };
  }
  return { ...base, status: 'ok', detail: `all ${names.length} enabled` };
}
