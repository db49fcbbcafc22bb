/**
 * What SES does around a send, locally, beside aws-ses-v2-local (which stores and shows the mail):
 * the account's sending switch (UpdateAccountSendingEnabled pauses it; a send is then refused with
 * AccountSendingPausedException, as SES does), a copy of every accepted message in the outbox folder, and
 * SES's mailbox simulator: mail to bounce@ or complaint@simulator.amazonses.com produces the bounce or complaint
 * event the configuration set routes to SNS.
 */
import { awsError, type WireResponse } from './aws-errors.js';
import type { WireRequest } from './iam-requests.js';

export const SIMULATOR = { bounce: 'bounce@simulator.amazonses.com', complaint: 'complaint@simulator.amazonses.com' } as const;

export interface SesEventSink {
  /** The SNS topic a configuration set sends the given event type to, if any. */
  destination(configurationSet: string, event: 'bounce' | 'complaint'): string | undefined;
  publish(topicArn: string, message: string): void;
}

export class LocalSesAccount {
  sendingEnabled = true;

  constructor(
    private readonly events: SesEventSink,
    private readonly keep: (rawMessage: Buffer, destinations: string[]) => Promise<void> | void,
  ) {}

  /** Answers what aws-ses-v2-local does not: the account switch, and sends while it is off. */
  intercept(operation: string, req: WireRequest): WireResponse | undefined {
    const params = new URLSearchParams(req.body.toString('utf8'));
    if (operation === 'GetAccountSendingEnabled') return xml('GetAccountSendingEnabled', `<Enabled>${this.sendingEnabled}</Enabled>`);
    if (operation === 'UpdateAccountSendingEnabled') {
      this.sendingEnabled = params.get('Enabled') !== 'false';
      return xml('UpdateAccountSendingEnabled', '');
    }
    if ((operation === 'SendRawEmail' || operation === 'SendEmail') && !this.sendingEnabled) {
      return awsError('ses', 'AccountSendingPausedException', 'Email sending is disabled for your entire Amazon SES account.', 400);
    }
    return undefined;
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

function xml(operation: string, result: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<${operation}Response xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></${operation}Response>`,
  };
}
