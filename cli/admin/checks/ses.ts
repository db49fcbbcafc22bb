import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { GetAccountCommand, GetEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { sesIdentityCandidates } from '../../../shared/domain/ses-identities.js';
import { FunctionEnv } from '../../../shared/topology/environment.js';
import type { Check } from '../report.js';
import type { AdminSession } from '../session.js';

/** The sender address the deployed send-email function uses (its EMAIL_FROM). */
export async function deployedSender(session: AdminSession): Promise<string | undefined> {
  const fn = session.stack.functionName('send-email');
  const { Environment } = await session.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
  return Environment?.Variables?.[FunctionEnv.emailFrom];
}

/** SES sends as an address when the address, its domain or a parent domain is a verified identity. */
export async function sesSenderCheck(session: AdminSession): Promise<Check> {
  const base = { id: 'ses-sender', title: 'SES sender' };
  const sender = await deployedSender(session);
  if (!sender) return { ...base, status: 'action', detail: 'the send-email function has no EMAIL_FROM', fix: 'deploy with -c emailFrom=<your sender address>' };
  const found: { identity: string; status: string }[] = [];
  for (const identity of sesIdentityCandidates(sender)) {
    try {
      const answer = await session.clients.ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
      if (answer.VerifiedForSendingStatus) return { ...base, status: 'ok', detail: `${sender} may send: the identity ${identity} is verified` };
      found.push({ identity, status: answer.VerificationStatus ?? 'not verified' });
    } catch (error) {
      if ((error as { name?: string }).name !== 'NotFoundException') throw error;
    }
  }
  const domain = sender.slice(sender.lastIndexOf('@') + 1);
  if (found.length > 0) {
    // The identity exists: creating it again is refused; what is missing is the proof of ownership.
    const pending = found[0]!.identity;
    return {
      ...base,
      status: 'action',
      detail: `no verified identity covers ${sender} (${found.map((f) => `${f.identity}: ${f.status}`).join('; ')})`,
      fix: pending.includes('@')
        ? `follow the link in the verification email SES sent to ${pending} (to have it sent again: aws sesv2 delete-email-identity --email-identity ${pending}, then aws sesv2 create-email-identity --email-identity ${pending})`
        : `publish the three DKIM CNAME records of ${pending} in its DNS (aws sesv2 get-email-identity --email-identity ${pending} lists their tokens: <token>._domainkey.${pending} → <token>.dkim.amazonses.com); SES verifies within 72 hours of seeing them`,
    };
  }
  return {
    ...base,
    status: 'action',
    detail: `no SES identity covers ${sender}: neither the address nor ${domain} is an identity`,
    fix: `aws sesv2 create-email-identity --email-identity ${domain} and publish the three DKIM CNAME records it returns (or verify just the address and deploy with -c senderIdentity=${sender})`,
  };
}

/** Out of the sandbox, sending enabled, not under review. */
export async function sesAccountCheck(session: AdminSession): Promise<Check> {
  const base = { id: 'ses-account', title: 'SES account' };
  const account = await session.clients.ses.send(new GetAccountCommand({}));
  if (account.SendingEnabled === false) {
    return { ...base, status: 'action', detail: 'sending is paused for the whole account', fix: 'aws sesv2 put-account-sending-attributes --sending-enabled' };
  }
  if (account.EnforcementStatus && account.EnforcementStatus !== 'HEALTHY') {
    return { ...base, status: 'action', detail: `SES has the account under review (${account.EnforcementStatus})`, fix: 'SES console → Reputation metrics: see the bounce and complaint rates and the case SES opened' };
  }
  if (!account.ProductionAccessEnabled) {
    return {
      ...base,
      status: 'action',
      detail: `in the SES sandbox: mail goes only to verified addresses, at most ${account.SendQuota?.Max24HourSend ?? 200} a day`,
      fix: 'SES console → Account dashboard → Request production access (transactional; describe the double opt-in and one-click unsubscribe)',
    };
  }
  const quota = account.SendQuota ? `, up to ${account.SendQuota.Max24HourSend} a day at ${account.SendQuota.MaxSendRate}/s` : '';
  return { ...base, status: 'ok', detail: `out of the sandbox, sending enabled${quota}` };
}
