/**
 * The local SES account answers what SES itself decides around a send, on the requests real SDK clients make: a
 * sender no verified identity covers is refused, in the sandbox so is every recipient that is not verified (the
 * mailbox simulator excepted), and SES v2 GetAccount tells whether the account has production access.
 */
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSesAccount, SIMULATOR } from '../../../infra/local/aws/local-ses-account.js';
import { SesMailer } from '../../../shared/adapters/ses/ses-mailer.js';
import { startSdkRequestCapture } from '../../support/sdk-request-capture.js';

let capture: Awaited<ReturnType<typeof startSdkRequestCapture>>;
let ses: SESClient;
let sesv2: SESv2Client;
beforeAll(async () => {
  capture = await startSdkRequestCapture();
  const config = { region: 'us-east-1', endpoint: capture.endpoint, credentials: { accessKeyId: 'LOCALTEST', secretAccessKey: 'local' }, maxAttempts: 1 };
  ses = new SESClient(config);
  sesv2 = new SESv2Client(config);
});
afterAll(() => capture.close());

function account(verified: string[], sandbox = false) {
  const a = new LocalSesAccount({ destination: () => undefined, publish: () => {} }, () => {}, verified);
  a.productionAccess = !sandbox;
  return a;
}

/** What the account answers to a SendRawEmail from `from` to `to`: undefined lets the send through. */
async function answer(a: LocalSesAccount, from: string, to: string) {
  const req = await capture.capture(() => new SesMailer(ses).send({ from: `News <${from}>`, to, subject: 's', html: '<p>x</p>', text: 'x' }));
  const response = a.intercept('ses', 'SendRawEmail', req);
  return response && { status: response.status, body: String(response.body) };
}

describe('LocalSesAccount', () => {
  it('lets a verified sender mail anyone with production access, and refuses an unverified sender', async () => {
    const a = account(['news.example.org']);
    expect(await answer(a, 'alerts@news.example.org', 'reader@elsewhere.net')).toBeUndefined();
    expect(await answer(a, 'alerts@other.example.org', 'reader@elsewhere.net')).toMatchObject({
      status: 400,
      body: expect.stringMatching(/<Code>MessageRejected<\/Code><Message>Email address is not verified\. The following identities failed the check in region US-EAST-1: alerts@other\.example\.org</),
    });
  });

  it('in the sandbox, mails only verified addresses and domains and the mailbox simulator', async () => {
    const a = account(['alerts@news.example.org', 'operator@example.net', 'desk.example.com'], true);
    for (const to of ['operator@example.net', 'Someone@Desk.Example.com', SIMULATOR.bounce]) expect(await answer(a, 'alerts@news.example.org', to), to).toBeUndefined();
    expect(await answer(a, 'alerts@news.example.org', 'reader@elsewhere.net')).toMatchObject({ status: 400, body: expect.stringContaining('failed the check in region US-EAST-1: reader@elsewhere.net<') });
  });

  it('answers SES v2 GetAccount with the sandbox state', async () => {
    const req = await capture.capture(() => sesv2.send(new GetAccountCommand({})));
    const a = account([]);
    expect(JSON.parse(String(a.intercept('sesv2', 'GetAccount', req)!.body))).toMatchObject({ ProductionAccessEnabled: true, SendingEnabled: true });
    a.productionAccess = false;
    expect(JSON.parse(String(a.intercept('sesv2', 'GetAccount', req)!.body))).toMatchObject({ ProductionAccessEnabled: false, SendQuota: { Max24HourSend: 200 } });
  });
});
