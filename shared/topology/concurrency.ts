import { entryOf, FUNCTION_NAMES, type FunctionName, type Trigger } from './functions.js';

/**
 * What the topology asks of the account's Lambda concurrency (one pool per account and region, shared by every
 * function): each SQS event source its maximum concurrency, each HTTP API or SNS trigger the room its entry keeps,
 * each schedule the invocations of it that can overlap. The sum, plus headroom, must fit the account's quota:
 * an event source that meets a full pool is throttled, and throttled receives count towards maxReceiveCount
 * (dead letters), while the HTTP API answers throttled requests with errors.
 */

/** AWS's documented default quota of concurrent executions per account and region (new accounts may start at 10). */
export const DEFAULT_ACCOUNT_CONCURRENCY = 1000;
/** Share of the quota left free: deploy-time custom resources, an admin's manual invocations, other workloads. */
export const CONCURRENCY_HEADROOM = 0.2;
/** SQS event sources take a maximum concurrency of 2 to 1,000. */
export const SQS_MIN_CONCURRENCY = 2;
export const SQS_MAX_CONCURRENCY = 1000;

/** A deploy trigger runs once a deploy, inside the headroom. */
type DemandKind = Exclude<Trigger['kind'], 'deploy'>;

export interface ConcurrencyDemand {
  fn: FunctionName;
  trigger: DemandKind;
  /** Concurrent invocations at most (queue, schedule) or kept room for (http, sns). */
  concurrency: number;
}

/** Overlapping invocations of a schedule: a tick can start before earlier ones time out. */
const scheduleOverlap = (timeoutSeconds: number, rateMinutes: number) => Math.ceil(timeoutSeconds / (rateMinutes * 60));

export function concurrencyDemands(): ConcurrencyDemand[] {
  return FUNCTION_NAMES.flatMap((fn) => {
    const entry = entryOf(fn);
    return entry.triggers.flatMap((t): ConcurrencyDemand[] => {
      switch (t.kind) {
        case 'queue':
          return [{ fn, trigger: t.kind, concurrency: t.maxConcurrency }];
        case 'schedule':
          return [{ fn, trigger: t.kind, concurrency: scheduleOverlap(entry.timeoutSeconds, t.rateMinutes) }];
        case 'http':
        case 'sns':
          return [{ fn, trigger: t.kind, concurrency: t.concurrency }];
        case 'deploy':
          return [];
      }
    });
  });
}

export interface ConcurrencyPlan {
  demands: ConcurrencyDemand[];
  /** Sum of the demands by kind of trigger. */
  byTrigger: Record<DemandKind, number>;
  total: number;
  /** The smallest quota that holds `total` with the headroom left free. */
  minimumQuota: number;
}

export function concurrencyPlan(demands: ConcurrencyDemand[] = concurrencyDemands()): ConcurrencyPlan {
  const byTrigger: Record<DemandKind, number> = { queue: 0, schedule: 0, http: 0, sns: 0 };
  for (const d of demands) byTrigger[d.trigger] += d.concurrency;
  const total = demands.reduce((n, d) => n + d.concurrency, 0);
  return { demands, byTrigger, total, minimumQuota: Math.ceil(total / (1 - CONCURRENCY_HEADROOM)) };
}

/**
 * What is wrong with this plan for an account allowing `quota` concurrent executions: one line each, naming
 * `quotaKey` (where the quota was given) and the topology entry to change. Empty when it fits.
 */
export function concurrencyProblems(quota: number, quotaKey: string, plan: ConcurrencyPlan = concurrencyPlan()): string[] {
  const problems: string[] = [];
  for (const d of plan.demands.filter((x) => x.trigger === 'queue')) {
    if (!Number.isInteger(d.concurrency) || d.concurrency < SQS_MIN_CONCURRENCY || d.concurrency > SQS_MAX_CONCURRENCY) {
      problems.push(`${d.fn}: the queue trigger's maxConcurrency ${d.concurrency} is outside SQS's ${SQS_MIN_CONCURRENCY}–${SQS_MAX_CONCURRENCY} (shared/topology/functions.ts)`);
    }
  }
  if (plan.minimumQuota > quota) {
    const { queue, http, schedule, sns } = plan.byTrigger;
    const sources = plan.demands.filter((d) => d.trigger === 'queue').length;
    problems.push(
      `${quotaKey}=${quota}: the functions need ${plan.total} concurrent executions (SQS event sources ${queue}, HTTP API ${http}, ` +
        `schedules ${schedule}, SNS ${sns}) and ${CONCURRENCY_HEADROOM * 100} % headroom, at least ${plan.minimumQuota}. ` +
        `Ask AWS for more (Service Quotas → AWS Lambda → Concurrent executions, L-B99A9384) and deploy with -c ${quotaKey}=<the new quota>` +
        (quota < sources * SQS_MIN_CONCURRENCY ? `: ${sources} event sources at SQS's minimum of ${SQS_MIN_CONCURRENCY} each already take ${sources * SQS_MIN_CONCURRENCY}` : ''),
    );
  }
  return problems;
}
