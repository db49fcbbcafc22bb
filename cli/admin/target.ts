/**
 * The deployment an admin command talks to: a stage's two stacks in an AWS account (credentials and region from the
 * SDK's standard chain), or the local runtime of `npm start`, reached through its AWS gateway with the local
 * administrator's key (LOCAL_ADMIN), exactly as the functions reach it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_ADMIN, LOCAL_DEPLOYMENT_FILE, type LocalDeploymentManifest } from '../../infra/local/aws/local-manifest.js';
import { stackNames } from '../../infra/stacks/stack-names.js';
import type { TargetOptions } from './options.js';
import { Unavailable } from './unavailable.js';

export interface ClientConfig {
  region?: string;
  endpoint?: string;
  profile?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
}

export interface AdminTarget {
  /** What the reports name: the stacks' common name, and where. */
  label: string;
  stacks: { stateful: string; stateless: string };
  region: string | undefined;
  clientConfig: ClientConfig;
  /** The Bot API the deployment's functions talk to. */
  telegramApiBase: string;
  /**
   * The feeds the deployment polls (enabled ones), and where that list comes from. Absent for a deployed stage: its
   * feeds are in the admin's own config file, so doctor reads dispatch-polls' failing-feeds record instead.
   */
  feeds?: { ids: string[]; source: string };
  /** Set for the local runtime: its AWS gateway. */
  localEndpoint?: string;
}

const DEFAULT_TELEGRAM_API = 'https://api.telegram.org';

export function resolveTarget(options: TargetOptions, env: NodeJS.ProcessEnv = process.env): AdminTarget {
  if (options.local !== undefined) return localTarget(options);
  const stacks = stacksOf(options, options.stage ?? 'prod');
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  return {
    label: `${commonName(stacks)}${region ? ` (${region})` : ''}`,
    stacks,
    region,
    clientConfig: { ...(options.region ? { region: options.region } : {}), ...(options.profile ? { profile: options.profile } : {}) },
    telegramApiBase: DEFAULT_TELEGRAM_API,
  };
}

function localTarget(options: TargetOptions): AdminTarget {
  const dir = path.resolve(options.local!);
  const file = path.join(dir, LOCAL_DEPLOYMENT_FILE);
  if (!existsSync(file)) throw new Unavailable(`no local runtime in ${dir}: ${file} does not exist (start one with npm start -- --data ${options.local})`);
  let manifest: Partial<LocalDeploymentManifest>;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalDeploymentManifest>;
  } catch {
    throw new Unavailable(`${file} is not valid JSON: restart the local runtime to write it again`);
  }
  if (!manifest.endpoint || !manifest.region || !manifest.stacks) throw new Unavailable(`${file} was written by an older local runtime: restart it (npm start) to write where to reach it`);
  const stage = /^Newshound-(.+)-Stateful$/.exec(manifest.stacks.find((s) => s.endsWith('-Stateful')) ?? '')?.[1] ?? 'local';
  const stacks = stacksOf(options, options.stage ?? stage);
  return {
    label: `${commonName(stacks)} (local runtime in ${options.local})`,
    stacks,
    region: manifest.region,
    clientConfig: { region: manifest.region, endpoint: manifest.endpoint, credentials: { ...LOCAL_ADMIN }, maxAttempts: 2 },
    telegramApiBase: manifest.telegramApiBase ?? DEFAULT_TELEGRAM_API,
    feeds: { ids: manifest.feedIds ?? [], source: `the local runtime's config` },
    localEndpoint: manifest.endpoint,
  };
}

/** `--stack Newshound-prod`, `--stack Newshound-prod-Stateless` or `--stage prod`: the pair of stacks. */
function stacksOf(options: TargetOptions, stage: string): { stateful: string; stateless: string } {
  if (!options.stack) return stackNames(stage);
  const prefix = options.stack.replace(/-(Stateful|Stateless)$/, '');
  return { stateful: `${prefix}-Stateful`, stateless: `${prefix}-Stateless` };
}

function commonName(stacks: { stateful: string }): string {
  return stacks.stateful.replace(/-Stateful$/, '');
}
