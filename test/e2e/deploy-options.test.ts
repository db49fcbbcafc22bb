/**
 * What an admin chooses at deploy time, on the local topology: which SES identity was verified (the senders' grant
 * must name it, or every send is AccessDenied), an account still in the SES sandbox (subscribers get a page saying the
 * site cannot mail them yet, the same for every address), and the public URL taken from the HTTP API's own endpoint
 * in one deploy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectOnlyAllowedCalls, startTestSystem, testStage, type TestSystem, type TestSystemOptions } from './support/local-system.js';

const SENDER = 'alerts@newshound.test';
/** aws-ses-v2-local keeps every email of the process: each test mails its own addresses. */
const reader = (test: string) => `reader-${test}@example.org`;

describe('deploy-time choices on the local topology', () => {
  let system: TestSystem | undefined;
  afterEach(async () => {
    await system?.stop();
    system = undefined;
  });

  const start = async (options: TestSystemOptions) => {
    system = await startTestSystem({ config: testStage({ feeds: [] }), ...options });
    return system;
  };
  const subscribe = (s: TestSystem, email: string) =>
    fetch(`${s.url}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, topics: 'csto', delivery: 'instant', timeZone: 'UTC' }),
    });

  it('sends as an admin who verified only the address, without naming it (the default grant covers address and domain)', { timeout: 120_000 }, async () => {
    const s = await start({ verifiedSesIdentities: [SENDER] });
    const page = await subscribe(s, reader('address'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Check your email');
    expect(await s.emailsTo(reader('address'))).toHaveLength(1);
    expectOnlyAllowedCalls(s);
  });

  it('sends with -c senderIdentity=<the address>, and links to the API\'s own URL when no public URL is given', { timeout: 120_000 }, async () => {
    const s = await start({
      config: (urls) => ({ ...testStage({ feeds: [] })(urls), publicBaseUrl: 'https://not-the-public-url.invalid' }),
      deployOptions: { senderIdentity: SENDER, publicUrl: { kind: 'api' } },
      verifiedSesIdentities: [SENDER],
    });
    // Every function's PUBLIC_BASE_URL is the API's endpoint (locally: the app server in front of the routes).
    for (const fn of s.cloud.deployment.functions) expect(fn.environment.PUBLIC_BASE_URL, fn.name).toBe(s.url);
    expect((await subscribe(s, reader('api-url'))).status).toBe(200);
    const [mail] = await s.emailsTo(reader('api-url'));
    const confirm = /https?:\/\/[^\s"<>]+\/confirm\?token=[^\s"<>]+/.exec(mail!.body.text ?? '')![0];
    expect(confirm.startsWith(`${s.url}/confirm?token=`)).toBe(true);
    expect((await fetch(confirm)).status).toBe(200);
    expectOnlyAllowedCalls(s);
  });

  it('refuses every send when the grant names an identity other than the one verified (why senderIdentity must match)', { timeout: 120_000 }, async () => {
    const s = await start({ deployOptions: { senderIdentity: 'newshound.test' }, verifiedSesIdentities: [SENDER] });
    expect((await subscribe(s, reader('mismatch'))).status).toBe(503);
    expect(() => expectOnlyAllowedCalls(s)).toThrow(`subscriptions may not ses:SendRawEmail on arn:aws:ses:us-east-1:000000000000:identity/${SENDER}`);
  });

  it('in the SES sandbox, shows every subscriber the same page saying it cannot mail them yet, and mails the verified ones', { timeout: 120_000 }, async () => {
    const s = await start({ verifiedSesIdentities: [SENDER, 'operator@newshound.test'] });
    s.cloud.sesAccount.productionAccess = false;
    const answers = [];
    for (const email of [reader('sandbox'), 'operator@newshound.test', reader('sandbox')]) {
      const page = await subscribe(s, email);
      answers.push(`${page.status} ${(await page.text()).replaceAll(email, '<address>')}`);
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/^200 /);
    expect(answers[0]).toContain('We cannot email you yet');
    expect(await s.emailsTo('operator@newshound.test')).toHaveLength(1);
    expect(await s.emailsTo(reader('sandbox'))).toHaveLength(0);
    // The request is kept for when the account leaves the sandbox.
    expect(await s.context.stores.subscribers.findByEmail(reader('sandbox'))).toEqual([expect.objectContaining({ status: 'pending' })]);
    expectOnlyAllowedCalls(s);
    expect(s.cloud.gateway.calls.some((c) => c.principal === 'subscriptions' && c.action === 'ses:GetAccount' && c.allowed)).toBe(true);
  });
});
