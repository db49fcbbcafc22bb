/**
 * The local runtime as the end-to-end tests start it: the real function bundles on local AWS APIs, in memory, on any
 * free ports, with Lambda's asynchronous retries shortened. The DynamoDB engine follows NEWSHOUND_DYNAMODB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LocalUrls } from '../../../infra/config/index.js';
import { startLocalSystem, type LocalSystem } from '../../../infra/local/system.js';
import type { AppConfigInput } from '../../../shared/runtime/app-config.js';

export interface TestSystem extends LocalSystem {
  dataDir: string;
  url: string;
  /** Emails aws-ses-v2-local received for an address. */
  emailsTo(address: string): Promise<StoredEmail[]>;
  /** Every call the functions made, with the IAM decision; denied ones first. */
  deniedCalls(): { principal: string; action: string; resource: string }[];
  stop(): Promise<void>;
}

export interface StoredEmail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { html?: string; text?: string };
}

export async function startTestSystem(options: { config?: (urls: LocalUrls) => AppConfigInput; persistent?: boolean } = {}): Promise<TestSystem> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'newshound-e2e-'));
  const system = await startLocalSystem({ dataDir, inMemory: !options.persistent, port: 0, asyncRetryDelaysMs: [50, 100], ...(options.config ? { config: options.config } : {}) });
  return Object.assign(system, {
    dataDir,
    url: system.context.urls.app,
    async emailsTo(address: string) {
      const res = await fetch(`${system.context.urls.ses}/store`);
      const { emails } = (await res.json()) as { emails: StoredEmail[] };
      return emails.filter((e) => e.destination.to.some((to) => to.toLowerCase().includes(address.toLowerCase())));
    },
    deniedCalls: () => system.cloud.gateway.calls.filter((c) => !c.allowed).map(({ principal, action, resource }) => ({ principal, action, resource })),
    async stop() {
      await system.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}
