import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesSendingAccount } from '../../adapters/ses/ses-sending-account.js';
import type { SendingAccount } from '../../ports/senders.js';
import type { CapabilityFactory } from '../ports.js';

/** The SES account's state (sandbox or production access), read with SES v2 GetAccount. */
export const sesSendingAccount: CapabilityFactory<SendingAccount> = () => new SesSendingAccount(new SESv2Client({}));
