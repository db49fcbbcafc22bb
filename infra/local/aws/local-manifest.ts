/**
 * local-deployment.json in the data folder: what the local runtime created, by name, and how an admin reaches it while
 * it runs (its AWS gateway, the administrator's stand-in key). Admin tools (backtest, doctor, dlq, ...) read it; this
 * module stays light so they need not load the runtime.
 */
import { LOCAL_REGION, type LocalDeployment } from './local-deployment.js';

/**
 * The stand-in for an administrator's own AWS credentials (what `newshound doctor` and the aws CLI sign with): allowed
 * every action, as an account's administrator is. The functions never see it; each signs as itself.
 */
export const LOCAL_ADMIN = { accessKeyId: 'LOCALADMIN', secretAccessKey: 'local' } as const;

/** What the local runtime created, by name, in the data folder, and where to reach it: admin tools read it. */
export const LOCAL_DEPLOYMENT_FILE = 'local-deployment.json';

export interface LocalDeploymentManifest {
  tableName: string;
  feedsBucket?: string;
  queues: Record<string, string>;
  functions: Record<string, string>;
  /** The stage's stack names (what `cdk deploy` would have created). */
  stacks: string[];
  region: string;
  /** The AWS gateway's URL while the runtime runs: every AWS API, as the admin's credentials (LOCAL_ADMIN) reach them. */
  endpoint: string;
  adminAccessKeyId: string;
  /** The Telegram Bot API the stage talks to (the loopback stand-in, or api.telegram.org with a real token). */
  telegramApiBase: string;
  /** The configured feeds: the local stage's config is not the checkout's production one. */
  feedIds: string[];
}

export function describeDeployment(deployment: LocalDeployment, reach: { endpoint: string; telegramApiBase: string; feedIds: string[] }): LocalDeploymentManifest {
  const feeds = deployment.buckets.find((b) => b.logicalId.startsWith('Feeds'));
  return {
    tableName: deployment.tables[0]!.name,
    ...(feeds ? { feedsBucket: feeds.name } : {}),
    queues: Object.fromEntries(deployment.queues.map((q) => [q.logicalId, q.name])),
    functions: Object.fromEntries(deployment.functions.map((f) => [f.name, f.physicalName])),
    stacks: deployment.stacks.map((s) => s.name),
    region: LOCAL_REGION,
    endpoint: reach.endpoint,
    adminAccessKeyId: LOCAL_ADMIN.accessKeyId,
    telegramApiBase: reach.telegramApiBase,
    feedIds: reach.feedIds,
  };
}

