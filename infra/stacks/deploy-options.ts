import type { Node } from 'constructs';
import { ConfigError } from '../../shared/ports/errors.js';
import type { AppConfig, AppConfigInput } from '../../shared/runtime/app-config.js';
import { DEFAULT_ACCOUNT_CONCURRENCY } from '../../shared/topology/concurrency.js';
import { DEFAULT_FUNCTION_ALARMS, FUNCTION_ALARMS_MODES, type FunctionAlarms } from '../constructs/function-alarms.js';
import { DEFAULT_TABLE_CAPACITY, TABLE_CAPACITY_MODES, type TableCapacity } from './table-capacity.js';

/**
 * Deploy-time values, given as CDK context (`npx cdk deploy -c config=./newshound.config.json -c emailFrom=...`).
 * docs/deploy.md walks through them.
 *
 * | context key      | what                                                                                |
 * |------------------|-------------------------------------------------------------------------------------|
 * | config           | the deployment's config file (.json, or .ts/.js exporting it): feeds, topics,       |
 * |                  | subscribers, sender; required (infra/stacks/production-config.ts)                   |
 * | stage            | stage name (default prod; also names the stacks: Newshound-<stage>-...)             |
 * | publicBaseUrl    | public base URL of the HTTP API (links in alerts, unsubscribe URLs) when something  |
 * |                  | of yours fronts it; default: the custom domain, else the API's own URL              |
 * | domainName       | custom domain for the HTTP API (with certificateArn); links then use it            |
 * | certificateArn   | ACM certificate for domainName, in the stack's region                               |
 * | hostedZoneId     | Route 53 hosted zone in which to create domainName's alias record (optional)        |
 * | emailFrom        | sender address (overrides the config file's email.from)                             |
 * | senderIdentity   | the SES identity you verified: a domain or an address; default: both the address   |
 * |                  | of emailFrom and its domain. Scopes ses:SendEmail/SendRawEmail.                     |
 * | account, region  | target environment; default CDK_DEFAULT_ACCOUNT/REGION, else env-agnostic           |
 * | tracing          | "true" turns on X-Ray active tracing for every function (default off)               |
 * | alarmEmail       | address subscribed to the alarm topic (every alarm, failing-feeds notices)          |
 * | tableCapacity    | "provisioned" (default: auto-scaled within the free 25 WCU/RCU) or "on-demand"      |
 * |                  | (spiky loads; see infra/stacks/table-capacity.ts)                                   |
 * | lambdaConcurrencyQuota | the account's Lambda concurrent executions (`aws lambda get-account-settings`:  |
 * |                  | AccountLimit.ConcurrentExecutions; default 1000); synth refuses one the functions   |
 * |                  | cannot fit (shared/topology/concurrency.ts)                                         |
 * | functionAlarms   | "account" (default: one errors and one throttles alarm over the account's functions) |
 * |                  | or "per-function" (one of each per function: 22 alarms more, about $2.20 a month;   |
 * |                  | for an account that runs other Lambda functions; infra/constructs/function-alarms.ts) |
 */
export const CONTEXT_KEYS = [
  'config',
  'stage',
  'publicBaseUrl',
  'domainName',
  'certificateArn',
  'hostedZoneId',
  'emailFrom',
  'senderIdentity',
  'account',
  'region',
  'tracing',
  'alarmEmail',
  'tableCapacity',
  'lambdaConcurrencyQuota',
  'functionAlarms',
] as const;

/** A custom domain in front of the HTTP API. */
export interface CustomDomain {
  domainName: string;
  certificateArn: string;
  hostedZoneId?: string;
}

/**
 * Where the public links point: a URL given outright, the custom domain, or the HTTP API's own URL (the stack passes
 * the API's endpoint to the functions, so one deploy suffices).
 */
export type PublicUrl = { kind: 'url'; url: string } | ({ kind: 'domain' } & CustomDomain) | { kind: 'api' };

export interface DeployOptions {
  config?: string;
  stage?: string;
  /** Absent: the config's publicBaseUrl (the local runtime, tests). */
  publicUrl?: PublicUrl;
  emailFrom?: string;
  senderIdentity?: string;
  account?: string;
  region?: string;
  tracing: boolean;
  alarmEmail?: string;
  tableCapacity: TableCapacity;
  lambdaConcurrencyQuota: number;
  functionAlarms?: FunctionAlarms;
}

type ContextReader = Pick<Node, 'tryGetContext'>;

function stringContext(node: ContextReader, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ConfigError(`context.${key}`, `expected a string, got ${typeof value}`);
  return value;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,32}$/;

function publicUrlFromContext(node: ContextReader): PublicUrl {
  const url = stringContext(node, 'publicBaseUrl');
  const domainName = stringContext(node, 'domainName');
  const certificateArn = stringContext(node, 'certificateArn');
  const hostedZoneId = stringContext(node, 'hostedZoneId');
  if (url && domainName) throw new ConfigError('context.domainName', 'give either publicBaseUrl or domainName (whose URL becomes the public base URL), not both');
  if (!domainName) {
    if (certificateArn) throw new ConfigError('context.domainName', 'certificateArn is given without the domainName it certifies');
    if (hostedZoneId) throw new ConfigError('context.domainName', 'hostedZoneId is given without the domainName to create in it');
    return url ? { kind: 'url', url } : { kind: 'api' };
  }
  if (!DOMAIN.test(domainName)) throw new ConfigError('context.domainName', `"${domainName}" is not a domain name`);
  if (!certificateArn) throw new ConfigError('context.certificateArn', `a custom domain needs the ARN of an ACM certificate for ${domainName} in the stack's region`);
  if (!CERTIFICATE_ARN.test(certificateArn)) throw new ConfigError('context.certificateArn', `"${certificateArn}" is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)`);
  if (hostedZoneId && !HOSTED_ZONE_ID.test(hostedZoneId)) throw new ConfigError('context.hostedZoneId', `"${hostedZoneId}" is not a Route 53 hosted zone id (Z...)`);
  return { kind: 'domain', domainName: domainName.toLowerCase(), certificateArn, ...(hostedZoneId ? { hostedZoneId } : {}) };
}

export function deployOptionsFromContext(node: ContextReader, env: NodeJS.ProcessEnv = process.env): DeployOptions {
  const tracing: unknown = node.tryGetContext('tracing');
  if (tracing !== undefined && ![true, false, 'true', 'false'].includes(tracing as string | boolean)) {
    throw new ConfigError('context.tracing', 'expected true or false');
  }
  const tableCapacity = stringContext(node, 'tableCapacity') ?? DEFAULT_TABLE_CAPACITY;
  if (!(TABLE_CAPACITY_MODES as readonly string[]).includes(tableCapacity)) throw new ConfigError('context.tableCapacity', `expected ${TABLE_CAPACITY_MODES.join(' or ')}`);
  const functionAlarms = stringContext(node, 'functionAlarms') ?? DEFAULT_FUNCTION_ALARMS;
  if (!(FUNCTION_ALARMS_MODES as readonly string[]).includes(functionAlarms)) throw new ConfigError('context.functionAlarms', `expected ${FUNCTION_ALARMS_MODES.join(' or ')}`);
  return {
    lambdaConcurrencyQuota: concurrencyQuota(node),
    config: stringContext(node, 'config'),
    stage: stringContext(node, 'stage'),
    publicUrl: publicUrlFromContext(node),
    emailFrom: stringContext(node, 'emailFrom'),
    senderIdentity: stringContext(node, 'senderIdentity'),
    account: stringContext(node, 'account') ?? env.CDK_DEFAULT_ACCOUNT,
    region: stringContext(node, 'region') ?? env.CDK_DEFAULT_REGION,
    tracing: tracing === true || tracing === 'true',
    alarmEmail: stringContext(node, 'alarmEmail'),
    tableCapacity: tableCapacity as TableCapacity,
    functionAlarms: functionAlarms as FunctionAlarms,
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

/**
 * Stands in for the HTTP API's own URL while the config is validated: that URL exists only once the API does, and
 * the stack hands the real one to the functions (their PUBLIC_BASE_URL is the API's endpoint).
 */
export const API_URL_AT_DEPLOY = 'https://api-url-at-deploy.invalid';

/** The public base URL the config is validated with. */
export function publicBaseUrlOf(publicUrl: PublicUrl): string {
  if (publicUrl.kind === 'url') return publicUrl.url;
  if (publicUrl.kind === 'domain') return `https://${publicUrl.domainName}`;
  return API_URL_AT_DEPLOY;
}

/** The deploy-time values the config takes from context: only the keys the deployer set. */
export function configOverrides(options: DeployOptions, base: Pick<AppConfigInput, 'email'>): Partial<AppConfigInput> {
  const overrides: Partial<AppConfigInput> = {};
  if (options.stage !== undefined) overrides.stage = options.stage;
  if (options.publicUrl !== undefined) overrides.publicBaseUrl = publicBaseUrlOf(options.publicUrl);
  if (options.emailFrom !== undefined) overrides.email = { ...base.email, from: options.emailFrom };
  return overrides;
}

/**
 * The SES identities the sender's grant names: the one the admin verified (`senderIdentity`: the address itself, its
 * domain, or a parent domain of it), or by default the address of `email.from` and its domain, the two an admin
 * verifies (SES authorizes a send against the most specific verified identity that covers the sender). Throws
 * ConfigError naming `senderIdentity` when the given identity cannot authorise the sender.
 */
export function senderIdentities(config: AppConfig, options: Pick<DeployOptions, 'senderIdentity'>): string[] {
  const from = config.email.from.toLowerCase();
  const fromDomain = from.slice(from.lastIndexOf('@') + 1);
  if (options.senderIdentity === undefined) return [from, fromDomain];
  const identity = options.senderIdentity.toLowerCase();
  if (identity.includes('@')) {
    if (identity !== from) throw new ConfigError('senderIdentity', `address identity ${identity} does not authorise sender ${from}`);
    return [identity];
  }
  if (!DOMAIN.test(identity)) throw new ConfigError('senderIdentity', `"${identity}" is neither a domain nor an email address`);
  if (fromDomain !== identity && !fromDomain.endsWith(`.${identity}`)) {
    throw new ConfigError('senderIdentity', `domain identity ${identity} does not cover sender ${from}`);
  }
  return [identity];
}
