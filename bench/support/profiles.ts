/**
 * Deploy profiles: the same counted usage priced as each profile deploys it. The default profile's table is
 * provisioned, auto-scaled per table part (the table and each index) between PROVISIONED_MIN and its cap at the
 * target utilisation; on-demand pays per request unit. The numbers are the stack's own (infra/stacks/table-capacity.ts).
 */
import {
  DEFAULT_TABLE_CAPACITY,
  PROVISIONED_CAPS,
  PROVISIONED_MIN,
  type TableCapacity,
  type TablePart,
  TARGET_UTILIZATION_PERCENT,
} from '../../infra/stacks/table-capacity.js';
import type { Projection, UsageRow } from './cost-model.js';

export interface DeployProfile {
  id: 'default' | 'on-demand';
  tableCapacity: TableCapacity;
  label: string;
}

export const DEPLOY_PROFILES: readonly DeployProfile[] = [
  { id: 'default', tableCapacity: DEFAULT_TABLE_CAPACITY, label: `default (${DEFAULT_TABLE_CAPACITY}, auto-scaled inside the free 25 WCU/RCU)` },
  { id: 'on-demand', tableCapacity: 'on-demand', label: 'on-demand (-c tableCapacity=on-demand)' },
];

export interface PartCapacity {
  part: TablePart;
  /** Average units per second the counted usage needs. */
  wcuNeed: number;
  rcuNeed: number;
  /** What auto-scaling settles at (the average at the target utilisation, within min and cap). */
  wcu: number;
  rcu: number;
  cap: number;
  /** The average alone needs more than the cap: requests would be throttled (and retried) all month. */
  overCap: boolean;
}

/** Which part of the table a metered row reads or writes: an index copy (`→ gsi1`), an index query, or the table. */
export function tablePartOf(r: UsageRow): TablePart {
  const op = r.op ?? '';
  for (const index of ['gsi1', 'gsi2'] as const) if (op.includes(`→ ${index}`) || op.startsWith(`Query ${index} `)) return index;
  return 'table';
}

export function provisionedAsDeployed(rows: UsageRow[], p: Projection): { rows: UsageRow[]; parts: PartCapacity[] } {
  const seconds = p.volumes.hours * 3600;
  const target = TARGET_UTILIZATION_PERCENT / 100;
  const parts = (Object.keys(PROVISIONED_CAPS) as TablePart[]).map((part): PartCapacity => {
    const units = (meter: string) => rows.filter((r) => r.meter === meter && tablePartOf(r) === part).reduce((n, r) => n + r.qty, 0) / seconds;
    const wcuNeed = units('dynamodb.wru');
    const rcuNeed = units('dynamodb.rru');
    const cap = PROVISIONED_CAPS[part];
    const settle = (need: number) => Math.min(cap, Math.max(PROVISIONED_MIN, Math.ceil(need / target)));
    return { part, wcuNeed, rcuNeed, wcu: settle(wcuNeed), rcu: settle(rcuNeed), cap, overCap: wcuNeed > cap || rcuNeed > cap };
  });
  const out = rows.filter((r) => r.meter !== 'dynamodb.wru' && r.meter !== 'dynamodb.rru');
  for (const c of parts) {
    out.push({ meter: 'dynamodb.wcuHours', qty: c.wcu * p.volumes.hours, what: `${c.part}: ${c.wcu} WCU provisioned (average ${c.wcuNeed.toFixed(1)}/s, cap ${c.cap})`, op: `provisioned ${c.part}` });
    out.push({ meter: 'dynamodb.rcuHours', qty: c.rcu * p.volumes.hours, what: `${c.part}: ${c.rcu} RCU provisioned (average ${c.rcuNeed.toFixed(1)}/s, cap ${c.cap})`, op: `provisioned ${c.part}` });
  }
  return { rows: out, parts };
}

/** The rows as this profile deploys them. */
export function asProfile(rows: UsageRow[], p: Projection, profile: DeployProfile): UsageRow[] {
  return profile.tableCapacity === 'provisioned' ? provisionedAsDeployed(rows, p).rows : rows;
}
