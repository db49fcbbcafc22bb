import type { Node } from 'constructs';
import { ConfigError } from '../../shared/ports/errors.js';
import type { AppConfig, AppConfigInput } from '../../shared/runtime/app-config.js';
import { DEFAULT_ACCOUNT_CONCURRENCY } from '../../shared/topology/concurrency.js';
import { DEFAULT_TABLE_CAPACITY, TABLE_CAPACITY_MODES, type TableCapacity } from './table-capacity.js';

/**
 * Deploy-time values, given as CDK context (`npx cdk deploy -c publicBaseUrl=https://... -c emailFrom=...`)
 * or in cdk.json / cdk.context.json. Each is optional; infra/config/index.ts holds the defaults.
 *
 * | context key      | what                                                                        |
 * |------------------|-----------------------------------------------------------------------------|
 * | stage            | stage name (config `stage`; also names the stacks: Newshound-<stage>-...)   |
 * | publicBaseUrl    | public base URL of the HTTP API (links in alerts, unsubscribe URLs)         |
 * | emailFrom        | sender address (config `email.from`)                                         |
 * | senderIdentity   | SES identity that authorises the sender: a domain or an address;            |
 * |                  | default: the domain of emailFrom. Scopes ses:SendEmail/SendRawEmail.        |
 * | account, region  | target environment; default CDK_DEFAULT_ACCOUNT/REGION, else env-agnostic   |
 * | tracing          | "true" turns on X-Ray active tracing for every function (default off)       |
 * | alarmEmail       | address subscribed to the alarm topic (every alarm, failing-feeds notices)  |
 * | tableCapacity    | "provisioned" (default: auto-scaled within the free 25 WCU/RCU) or          |
 * |                  | "on-demand" (spiky loads; see infra/stacks/table-capacity.ts)               |
 * | lambdaConcurrencyQuota | the account's Lambda concurrent executions (`aws lambda get-account-settings`:  |
 * |                  | AccountLimit.ConcurrentExecutions; default 1000); synth refuses one the functions |
 * |                  | cannot fit (shared/topology/concurrency.ts)                                   |
 * | functionAlarms   | "per-function" (default: errors and throttles alarms for each function) or   |
 * |                  | "account" (one of each over the account: 22 alarms fewer, about $2.20 a month) |
 */
export const CONTEXT_KEYS = ['stage', 'publicBaseUrl', 'emailFrom', 'senderIdentity', 'account', 'region', 'tracing', 'alarmEmail', 'tableCapacity', 'lambdaConcurrencyQuota', 'functionAlarms'] as const;

export interface DeployOptions {
  stage?: string;
  publicBaseUrl?: string;
  emailFrom?: string;
  senderIdentity?: string;
  account?: string;
  region?: string;
  tracing: boolean;
  alarmEmail?: string;
  tableCapacity: TableCapacity;
  lambdaConcurrencyQuota: number;
  functionAlarms?: 'per-function' | 'account';
}

type ContextReader = Pick<Node, 'tryGetContext'>;

function stringContext(node: ContextReader, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ConfigError(`context.${key}`, `expected a string, got ${typeof value}`);
  return value;
}

export function deployOptionsFromContext(node: ContextReader, env: NodeJS.ProcessEnv = process.env): DeployOptions {
  const tracing: unknown = node.tryGetContext('tracing');
  if (tracing !== undefined && ![true, false, 'true', 'false'].includes(tracing as string | boolean)) {
    throw new ConfigError('context.tracing', 'expected true or false');
  }
  const tableCapacity = stringContext(node, 'tableCapacity') ?? DEFAULT_TABLE_CAPACITY;
  if (!(TABLE_CAPACITY_MODES as readonly string[]).includes(tableCapacity)) throw new ConfigError('context.tableCapacity', `expected ${TABLE_CAPACITY_MODES.join(' or ')}`);
  const functionAlarms = stringContext(node, 'functionAlarms') ?? 'per-function';
  if (functionAlarms !== 'per-function' && functionAlarms !== 'account') throw new ConfigError('context.functionAlarms', 'expected per-function or account');
  return {
    lambdaConcurrencyQuota: concurrencyQuota(node),
    stage: stringContext(node, 'stage'),
    publicBaseUrl: stringContext(node, 'publicBaseUrl'),
    emailFrom: stringContext(node, 'emailFrom'),
    senderIdentity: stringContext(node, 'senderIdentity'),
    account: stringContext(node, 'account') ?? env.CDK_DEFAULT_ACCOUNT,
    region: stringContext(node, 'region') ?? env.CDK_DEFAULT_REGION,
    tracing: tracing === true || tracing === 'true',
    alarmEmail: stringContext(node, 'alarmEmail'),
    tableCapacity: tableCapacity as TableCapacity,
    functionAlarms,
  };
}

function concurrencyQuota(node: ContextReader): number {
  const value: unknown = node.tryGetContext('lambdaConcurrencyQuota');
  if (value === undefined || value === null || value === '') return DEFAULT_ACCOUNT_CONCURRENCY;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError('context.lambdaConcurrencyQuota', `expected the account's concurrent executions as a whole number (aws lambda get-account-settings: AccountLimit.ConcurrentExecutions), got ${JSON.stringify(value)}`);
  }
  return n;
}

/** The overrides prodConfig() takes: only the keys the deployer set. */
export function configOverrides(options: DeployOptions, base: AppConfigInput): Partial<AppConfigInput> {
  const overrides: Partial<AppConfigInput> = {};
  if (options.stage !== undefined) overrides.stage = options.stage;
  if (options.publicBaseUrl !== undefined) overrides.publicBaseUrl = options.publicBaseUrl;
  if (options.emailFrom !== undefined) overrides.email = { ...base.email, from: options.emailFrom };
  return overrides;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * The SES identity that authorises `email.from`: the address itself, its domain, or a parent domain
 * of it. Throws ConfigError naming `senderIdentity` when it cannot authorise the sender.
 */
export function senderIdentity(config: AppConfig, options: Pick<DeployOptions, 'senderIdentity'>): string {
  const from = config.email.from.toLowerCase();
  const fromDomain = from.slice(from.lastIndexOf('@') + 1);
  const identity = (options.senderIdentity ?? fromDomain).toLowerCase();
  if (identity.includes('@')) {
    if (identity !== from) throw new ConfigError('senderIdentity', `address identity ${identity} does not authorise sender ${from}`);
    return identity;
  }
  if (!DOMAIN.test(identity)) throw new ConfigError('senderIdentity', `"${identity}" is neither a domain nor an email address`);
  if (fromDomain !== identity && !fromDomain.endsWith(`.${identity}`)) {
    throw new ConfigError('senderIdentity', `domain identity ${identity} does not cover sender ${from}`);
  }
  return identity;
}
