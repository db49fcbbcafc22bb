/**
 * While the SES account is in the sandbox, every subscribe request gets the same clear page (the site cannot mail
 * most addresses yet), whatever the address: new, verified by the operator, already subscribed, suppressed, or asked
 * for too often. Out of the sandbox, the usual "check your email" page.
 */
import { describe, expect, it } from 'vitest';
import { RecipientNotVerifiedError } from '../../../shared/ports/errors.js';
import type { OutgoingEmail } from '../../../shared/ports/senders.js';
import { handleSubscriptionRequest } from '../../../shared/usecases/subscriptions/http-api.js';
import type { HttpRequest } from '../../../shared/usecases/subscriptions/http-types.js';
import { aSubscriber } from '../../support/factories.js';
import { harness, recordOf } from './fixtures.js';

/** SES in the sandbox: mail only to verified addresses, the rest refused as SES refuses it. */
function sandboxMailer(sent: OutgoingEmail[], verified: string[]) {
  return {
    async send(email: OutgoingEmail) {
      if (!verified.includes(email.to)) throw new RecipientNotVerifiedError(`MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: ${email.to}`, 'ses');
      sent.push(email);
      return { messageId: `m-${sent.length}` };
    },
  };
}

const post = (email: string, accept = 'text/html'): HttpRequest => ({
  method: 'POST',
  path: '/subscribe',
  query: new URLSearchParams(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
  body: new URLSearchParams({ email, topics: 'csto', delivery: 'instant', timeZone: 'UTC' }).toString(),
  sourceIp: '203.0.113.7',
});

function sandboxed(inSandbox: () => Promise<boolean>) {
  const h = harness([aSubscriber({ id: 'analyst', email: 'active@example.org' })], { rateLimits: { perIp: { limit: 100, windowMinutes: 60 }, perAddress: { limit: 1, windowMinutes: 60 } } });
  const sent: OutgoingEmail[] = [];
  const logs: [string, Record<string, unknown>][] = [];
  const deps = { ...h.web, mailer: sandboxMailer(sent, ['operator@example.org']), sendingAccount: { inSandbox }, log: (event: string, detail: Record<string, unknown>) => logs.push([event, detail]) };
  return { h, sent, logs, deps };
}

describe('subscribing while the SES account is in the sandbox', () => {
  it('gives every address the same page saying the site cannot email it yet, and still mails the verified ones', async () => {
    const { h, sent, deps } = sandboxed(async () => true);
    await h.suppressions.suppress({ email: 'bounced@example.org', reason: 'bounce', at: 'x' });
    await handleSubscriptionRequest(deps, post('limited@example.org'));
    const addresses = ['new@example.org', 'operator@example.org', 'active@example.org', 'bounced@example.org', 'limited@example.org'];
    const answers = [];
    for (const email of addresses) {
      const res = await handleSubscriptionRequest(deps, post(email));
      answers.push({ status: res.status, body: res.body.replaceAll(email, '<address>') });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.status).toBe(200);
    expect(answers[0]!.body).toContain('We cannot email you yet');
    expect(answers[0]!.body).toContain('production access');
    // The operator's own (verified) address got its confirmation; the refused one's request is kept, pending.
    expect(sent.map((m) => m.to)).toEqual(['operator@example.org']);
    expect((await recordOf(h.subscribers, 'new@example.org'))?.status).toBe('pending');

    const json = await Promise.all(['new@example.org', 'operator@example.org', 'bounced@example.org'].map((email) => handleSubscriptionRequest(deps, post(email, 'application/json'))));
    expect(new Set(json.map((r) => `${r.status} ${r.body}`)).size).toBe(1);
    expect(JSON.parse(json[0]!.body)).toMatchObject({ ok: true, sandbox: true });
  });

  it('shows the usual page once the account has production access', async () => {
    const { deps } = sandboxed(async () => false);
    const res = await handleSubscriptionRequest(deps, post('operator@example.org'));
    expect(res.status).toBe(200);
    expect(res.body).toContain('Check your email');
  });

  it('shows the usual page, and logs why, when the account cannot be read', async () => {
    const { deps, logs } = sandboxed(async () => {
      throw new Error('AccessDenied');
    });
    const res = await handleSubscriptionRequest(deps, post('operator@example.org'));
    expect(res.body).toContain('Check your email');
    expect(logs).toContainEqual(['sending account unreadable', { error: 'AccessDenied' }]);
  });
});
