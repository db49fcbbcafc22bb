/**
 * The table's capacity mode, a deploy-time switch (`-c tableCapacity=provisioned|on-demand`). No aws-cdk-lib here:
 * the cost bench prices the same numbers the stack deploys.
 */
export const TABLE_CAPACITY_MODES = ['provisioned', 'on-demand'] as const;
export type TableCapacity = (typeof TABLE_CAPACITY_MODES)[number];

/**
 * The default deploy profile: provisioned capacity, auto-scaled inside the account's always-free 25 WCU / 25 RCU
 * (docs/cost-model.md: on-demand request units have no free tier and are most of the bill at 1,000 feeds every
 * 5 minutes). On-demand stays a switch for spiky loads that would outrun the caps.
 */
export const DEFAULT_TABLE_CAPACITY: TableCapacity = 'provisioned';

/**
 * Provisioned capacity caps per index, summing to the always-free 25 units: the table takes the article,
 * match, ledger and feed-state writes; gsi1 (topic timelines) and gsi2 (outbox, timeline) copy only matches.
 */
export const PROVISIONED_CAPS = { table: 17, gsi1: 4, gsi2: 4 } as const;
export type TablePart = keyof typeof PROVISIONED_CAPS;
/** Auto-scaling never goes below this, and aims at this utilisation. */
export const PROVISIONED_MIN = 1;
export const TARGET_UTILIZATION_PERCENT = 70;
