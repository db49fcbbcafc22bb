/**
 * The local runtime as the end-to-end tests start it: the real function bundles on local AWS APIs, in memory, on any
 * free ports, with Lambda's asynchronous retries shortened. The DynamoDB engine follows NEWSHOUND_DYNAMODB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LocalUrls } from '../../../infra/config/index.js';
import { topics } from '../../../infra/config/topics.js';
import { startLocalSystem, type LocalSystem, type LocalSystemOptions } from '../../../infra/local/system.js';
import type { AppConfigInput } from '../../../shared/runtime/app-config.js';

export interface TestSystem extends LocalSystem {
  dataDir: string;
  url: string;
  /** Emails aws-ses-v2-local received for an address. */
  emailsTo(address: string): Promise<StoredEmail[]>;
  stop(): Promise<void>;
}

export interface StoredEmail {
  messageId: string;
  /** From as the local SES's parser (mailparser) writes it back, e.g. `"name" <address>`. */
  from: string;
  subject: string;
  destination: { to: string[] };
  body: { html?: string; text?: string };
}

/**
 * A local stage for a test: its own feeds (on the test's loopback servers) and subscribers, the configured topics,
 * the local runtime's Telegram stand-in.
 */
export function testStage(parts: Pick<AppConfigInput, 'feeds'> & Partial<Pick<AppConfigInput, 'subscribers' | 'partners'>>): (urls: LocalUrls) => AppConfigInput {
  return ({ publicBaseUrl, telegramApiBase }) => ({
    stage: 'local',
    publicBaseUrl,
    email: { from: 'alerts@newshound.test' },
    allowLoopback: true,
    delivery: { telegram: { apiBase: telegramApiBase } },
    topics,
    ...parts,
  });
}

export interface TestSystemOptions extends Pick<LocalSystemOptions, 'editTemplates' | 'deployOptions' | 'verifiedSesIdentities' | 'botTokenUnset'> {
  config?: (urls: LocalUrls) => AppConfigInput;
  persistent?: boolean;
  /** Start on the data of an earlier run (persistent; the folder is the caller's to remove). */
  dataDir?: string;
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'newshound-e2e-')));
  const system = await startLocalSystem({
    dataDir,
    inMemory: !options.persistent && !options.dataDir,
    port: 0,
    asyncRetryDelaysMs: [50, 100],
    ...(options.config ? { config: options.config } : {}),
    ...(options.editTemplates ? { editTemplates: options.editTemplates } : {}),
    ...(options.botTokenUnset ? { botTokenUnset: true } : {}),
    ...(options.deployOptions ? { deployOptions: options.deployOptions } : {}),
    ...(options.verifiedSesIdentities ? { verifiedSesIdentities: options.verifiedSesIdentities } : {}),
  });
  return Object.assign(system, {
    dataDir,
    url: system.context.urls.app,
    async emailsTo(address: string) {
      const res = await fetch(`${system.context.urls.ses}/store`);
      const { emails } = (await res.json()) as { emails: StoredEmail[] };
      return emails.filter((e) => e.destination.to.some((to) => to.toLowerCase().includes(address.toLowerCase())));
    },
    async stop() {
      await system.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  });
}

/** Fails, naming each function, action and resource, when a function made an AWS call its role does not allow. */
export function expectOnlyAllowedCalls(system: Pick<LocalSystem, 'cloud'>): void {
  const denied = system.cloud.gateway.calls.filter((c) => !c.allowed);
  if (denied.length === 0) return;
  const keys = (c: (typeof denied)[number]) => (c.context?.['dynamodb:LeadingKeys'] ? ` with leading keys ${[c.context['dynamodb:LeadingKeys']].flat().join(', ')}` : '');
  const lines = [...new Set(denied.map((c) => `${c.principal} may not ${c.action} on ${c.resource}${keys(c)} (${c.reason})`))];
  throw new Error(`AWS calls the synthesized roles do not allow:\n  ${lines.join('\n  ')}`);
}
