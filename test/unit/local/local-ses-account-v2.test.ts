import { describe, expect, it } from 'vitest';
import type { WireRequest } from '../../../infra/local/aws/iam-requests.js';
import { LocalSesAccount, SIMULATOR } from '../../../infra/local/aws/local-ses-account.js';

const account = (verified = ['news.example.org']) => new LocalSesAccount({ destination: () => undefined, publish: () => {} }, () => {}, verified);

/** A SendRawEmail as the SDK posts it: the sender in the raw message's From header. */
function sendRaw(from: string, to: string[]): WireRequest {
  const raw = Buffer.from(`From: ${from}\r\nTo: ${to.join(', ')}\r\nSubject: s\r\n\r\nbody`).toString('base64');
  const form = new URLSearchParams({ Action: 'SendRawEmail', 'RawMessage.Data': raw });
  to.forEach((address, i) => form.set(`Destinations.member.${i + 1}`, address));
  return { method: 'POST', path: '/', query: new URLSearchParams(), headers: {}, body: Buffer.from(form.toString()) };
}
const v2 = (path: string): WireRequest => ({ method: 'GET', path, query: new URLSearchParams(), headers: {}, body: Buffer.alloc(0) });
const errorCode = (res: { body: string | Buffer } | undefined) => /<Code>([^<]+)<\/Code>/.exec(String(res?.body))?.[1];

describe('LocalSesAccount: identities and the sandbox, as SES enforces them', () => {
  it('lets a verified identity (the address or a parent domain) send anywhere out of the sandbox', () => {
    const ses = account();
    expect(ses.intercept('ses', 'SendRawEmail', sendRaw('"News" <alerts@news.example.org>', ['reader@example.com']))).toBeUndefined();
    expect(ses.intercept('ses', 'SendRawEmail', sendRaw('alerts@mail.news.example.org', ['reader@example.com']))).toBeUndefined();
  });

  it('refuses a sender no verified identity covers, naming it, as SES does', () => {
    const ses = account();
    ses.identities.set('news.example.org', 'PENDING');
    const refused = ses.intercept('ses', 'SendRawEmail', sendRaw('alerts@news.example.org', ['reader@example.com']));
    expect(refused?.status).toBe(400);
    expect(errorCode(refused)).toBe('MessageRejected');
    expect(String(refused?.body)).toContain('Email address is not verified. The following identities failed the check in region US-EAST-1: alerts@news.example.org');
  });

  it('in the sandbox, refuses recipients that are not verified, but not the mailbox simulator', () => {
    const ses = account(['news.example.org', 'me@example.com']);
    ses.productionAccess = false;
    expect(ses.intercept('ses', 'SendRawEmail', sendRaw('alerts@news.example.org', ['me@example.com', SIMULATOR.bounce]))).toBeUndefined();
    const refused = ses.intercept('ses', 'SendRawEmail', sendRaw('alerts@news.example.org', ['me@example.com', 'stranger@example.net']));
    expect(errorCode(refused)).toBe('MessageRejected');
    expect(String(refused?.body)).toMatch(/: stranger@example\.net</);
  });

  it("answers SES v2's GetAccount and GetEmailIdentity from the same state", () => {
    const ses = account();
    const json = (path: string) => {
      const res = ses.intercept('sesv2', path.includes('identities') ? 'GetEmailIdentity' : 'GetAccount', v2(path))!;
      return { status: res.status, body: JSON.parse(String(res.body)) as Record<string, unknown>, type: res.headers['x-amzn-errortype'] };
    };
    expect(json('/v2/email/account').body).toMatchObject({ ProductionAccessEnabled: true, SendingEnabled: true, EnforcementStatus: 'HEALTHY' });
    ses.productionAccess = false;
    ses.sendingEnabled = false;
    expect(json('/v2/email/account').body).toMatchObject({ ProductionAccessEnabled: false, SendingEnabled: false, SendQuota: { Max24HourSend: 200 } });
    expect(json('/v2/email/identities/news.example.org').body).toMatchObject({ IdentityType: 'DOMAIN', VerifiedForSendingStatus: true, VerificationStatus: 'SUCCESS' });
    ses.identities.set('alerts@news.example.org', 'PENDING');
    expect(json('/v2/email/identities/alerts%40news.example.org').body).toMatchObject({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: false, VerificationStatus: 'PENDING' });
    expect(json('/v2/email/identities/other.org')).toMatchObject({ status: 404, type: 'NotFoundException' });
  });
});
