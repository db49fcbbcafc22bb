/**
 * What SES does around a send, locally, beside aws-ses-v2-local (which stores and shows the mail):
 * the account's sending switch (UpdateAccountSendingEnabled pauses it; a send is then refused with
 * AccountSendingPausedException, as SES does), its verified identities and its sandbox (a sender no verified identity
 * covers, or in the sandbox a recipient that is not verified, is refused with MessageRejected), SES v2's view of
 * them (GetAccount, GetEmailIdentity, PutAccountSendingAttributes), a copy of every accepted message in the outbox
 * folder, and SES's mailbox simulator: mail to bounce@ or complaint@simulator.amazonses.com produces the bounce or
 * complaint event the configuration set routes to SNS.
 */
import addressparser from 'nodemailer/lib/addressparser';
import { awsError, type WireResponse } from './aws-errors.js';
import { sesIdentityCandidates, type WireRequest } from './iam-requests.js';
import { LOCAL_REGION } from './local-deployment.js';

export const SIMULATOR = { bounce: 'bounce@simulator.amazonses.com', complaint: 'complaint@simulator.amazonses.com' } as const;

export interface SesEventSink {
  /** The SNS topic a configuration set sends the given event type to, if any. */
  destination(configurationSet: string, event: 'bounce' | 'complaint'): string | undefined;
  publish(topicArn: string, message: string): void;
}

export type VerificationStatus = 'SUCCESS' | 'PENDING' | 'FAILED' | 'TEMPORARY_FAILURE' | 'NOT_STARTED';

export class LocalSesAccount {
  sendingEnabled = true;
  /** False: the account is in the SES sandbox (it sends only to verified addresses). Locally it starts out of it. */
  productionAccess = true;
  /** Identities (addresses and domains, lower case) with their verification status. */
  readonly identities = new Map<string, VerificationStatus>();

  constructor(
    private readonly events: SesEventSink,
    private readonly keep: (rawMessage: Buffer, destinations: string[]) => Promise<void> | void,
    verified: string[] = [],
  ) {
    for (const identity of verified) this.identities.set(identity.toLowerCase(), 'SUCCESS');
  }

  verifiedIdentities(): string[] {
    return [...this.identities].filter(([, status]) => status === 'SUCCESS').map(([identity]) => identity);
  }

  /** Answers what aws-ses-v2-local does not: the account switch, identities and sandbox, and SES v2's account API. */
  intercept(service: string, operation: string, req: WireRequest): WireResponse | undefined {
    if (service === 'sesv2') return this.v2(operation, req);
    const params = new URLSearchParams(req.body.toString('utf8'));
    if (operation === 'GetAccountSendingEnabled') return xml('GetAccountSendingEnabled', `<Enabled>${this.sendingEnabled}</Enabled>`);
    if (operation === 'UpdateAccountSendingEnabled') {
      this.sendingEnabled = params.get('Enabled') !== 'false';
      return xml('UpdateAccountSendingEnabled', '');
    }
    if (operation === 'SendRawEmail' || operation === 'SendEmail') {
      if (!this.sendingEnabled) return awsError('ses', 'AccountSendingPausedException', 'Email sending is disabled for your entire Amazon SES account.', 400);
      return this.refusedSend(params);
    }
    return undefined;
  }

  /** SES refuses a sender no verified identity covers and, in the sandbox, recipients that are not verified. */
  private refusedSend(params: URLSearchParams): WireResponse | undefined {
    const from = params.get('Source') || rawHeader(params.get('RawMessage.Data'), 'from');
    const sender = from ? addressparser(from, { flatten: true })[0]?.address : undefined;
    const failed: string[] = [];
    if (sender && !this.covers(sender)) failed.push(sender);
    if (!this.productionAccess) {
      const recipients = [...params.entries()].filter(([k]) => k.startsWith('Destinations.member.') || k.startsWith('Destination.ToAddresses.member.')).map(([, v]) => v);
      failed.push(...recipients.filter((r) => !Object.values(SIMULATOR).includes(r.toLowerCase() as never) && !this.covers(r)));
    }
    if (failed.length === 0) return undefined;
    return awsError('ses', 'MessageRejected', `Email address is not verified. The following identities failed the check in region ${LOCAL_REGION.toUpperCase()}: ${failed.join(', ')}`, 400);
  }

  private covers(address: string): boolean {
    return sesIdentityCandidates(address).some((candidate) => this.identities.get(candidate.toLowerCase()) === 'SUCCESS');
  }

  private v2(operation: string, req: WireRequest): WireResponse {
    if (operation === 'GetAccount') {
      return json({
        DedicatedIpAutoWarmupEnabled: false,
        EnforcementStatus: 'HEALTHY',
        ProductionAccessEnabled: this.productionAccess,
        SendingEnabled: this.sendingEnabled,
        // The sandbox's quota, or a modest production one.
        SendQuota: this.productionAccess ? { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 0 } : { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
      });
    }
    if (operation === 'PutAccountSendingAttributes') {
      const body = JSON.parse(req.body.toString('utf8') || '{}') as { SendingEnabled?: boolean };
      this.sendingEnabled = body.SendingEnabled !== false;
      return json({});
    }
    if (operation === 'GetEmailIdentity') {
      const identity = decodeURIComponent(/\/identities\/([^/]+)/.exec(req.path)![1]!).toLowerCase();
      const status = this.identities.get(identity);
      if (!status) return awsError('sesv2', 'NotFoundException', `Email identity <${identity}> does not exist.`, 404);
      const domain = !identity.includes('@');
      return json({
        IdentityType: domain ? 'DOMAIN' : 'EMAIL_ADDRESS',
        FeedbackForwardingStatus: true,
        VerifiedForSendingStatus: status === 'SUCCESS',
        VerificationStatus: status,
        ...(domain ? { DkimAttributes: { SigningEnabled: true, Status: status, SigningAttributesOrigin: 'AWS_SES', Tokens: [] } } : {}),
      });
    }
    return awsError('sesv2', 'BadRequestException', `the local SES v2 API does not answer ${operation}`, 400);
  }

  async accepted(operation: string, req: WireRequest, response: WireResponse): Promise<void> {
    if (operation !== 'SendRawEmail') return;
    const params = new URLSearchParams(req.body.toString('utf8'));
    const destinations = [...params.entries()].filter(([k]) => k.startsWith('Destinations.member.')).map(([, v]) => v.toLowerCase());
    await this.keep(Buffer.from(params.get('RawMessage.Data') ?? '', 'base64'), destinations);
    const configurationSet = params.get('ConfigurationSetName');
    if (!configurationSet) return;
    const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(String(response.body))?.[1] ?? crypto.randomUUID();
    for (const kind of ['bounce', 'complaint'] as const) {
      if (!destinations.includes(SIMULATOR[kind])) continue;
      const topic = this.events.destination(configurationSet, kind);
      if (topic) this.events.publish(topic, JSON.stringify(simulatedEvent(kind, SIMULATOR[kind], messageId, configurationSet)));
    }
  }
}

function simulatedEvent(kind: 'bounce' | 'complaint', address: string, messageId: string, configurationSet: string) {
  const timestamp = new Date().toISOString();
  const mail = { timestamp, messageId, destination: [address], tags: { 'ses:configuration-set': [configurationSet] } };
  if (kind === 'bounce') {
    return {
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }], timestamp, feedbackId: crypto.randomUUID() },
      mail,
    };
  }
  return { eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: address }], complaintFeedbackType: 'abuse', timestamp, feedbackId: crypto.randomUUID() }, mail };
}

/** The first header `name` of a base64 raw MIME message. */
function rawHeader(base64: string | null, name: string): string | undefined {
  if (!base64) return undefined;
  const text = Buffer.from(base64, 'base64').toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name}:`));
  return line?.slice(name.length + 1).trim();
}

function json(body: unknown): WireResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function xml(operation: string, result: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<${operation}Response xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></${operation}Response>`,
  };
}
