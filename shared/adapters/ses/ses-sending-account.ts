/**
 * SendingAccount over SES v2 GetAccount: `ProductionAccessEnabled` false is the sandbox. Cached for a few minutes per
 * container, so a page view costs at most one call per container and window; leaving the sandbox shows within it.
 */
import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { SendingAccount } from '../../ports/senders.js';

export interface SesSendingAccountOptions {
  maxAgeMs?: number;
  now?: () => number;
}

export class SesSendingAccount implements SendingAccount {
  private cached: { sandbox: boolean; at: number } | undefined;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: Pick<SESv2Client, 'send'>,
    options: SesSendingAccountOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async inSandbox(): Promise<boolean> {
    const now = this.now();
    if (this.cached && now - this.cached.at < this.maxAgeMs) return this.cached.sandbox;
    const account = await this.client.send(new GetAccountCommand({}));
    this.cached = { sandbox: account.ProductionAccessEnabled !== true, at: now };
    return this.cached.sandbox;
  }
}
