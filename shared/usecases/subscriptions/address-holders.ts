/** The records holding an address, whether mail to it is off, and the address's own self-service record id. */
import { normaliseEmail } from '../../domain/subscription/email-address.js';
import { distinctById } from '../../domain/subscription/holders.js';
import { isEmailSuppressed } from '../../domain/subscription/lifecycle.js';
import { legacyWebSubscriberId, webSubscriberId } from '../../domain/subscription/subscriber-ids.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { SubscriptionDeps } from './deps.js';

/** Every record holding the address (admin-defined and self-service), by the email lookup items. */
export async function holdersOf(deps: Pick<SubscriptionDeps, 'subscribers'>, email: string): Promise<Subscriber[]> {
  const found = distinctById(await deps.subscribers.findByEmail(email));
  return found.filter((s) => s.email !== undefined && normaliseEmail(s.email) === normaliseEmail(email));
}

/** The holders, and whether the address is suppressed (by a suppression record or on any holder). */
export async function addressHolders(deps: Pick<SubscriptionDeps, 'subscribers' | 'suppressions'>, email: string): Promise<{ holders: Subscriber[]; suppressed: boolean }> {
  const holders = await holdersOf(deps, email);
  const suppressed = (await deps.suppressions.get(email)) !== undefined || holders.some(isEmailSuppressed);
  return { holders, suppressed };
}

/** The address's self-service record id: claimed once, the same for every request whatever they race with. */
export async function claimOwnId(deps: Pick<SubscriptionDeps, 'subscribers' | 'randomId'>, email: string, holders: readonly Subscriber[]): Promise<string> {
  // A record from before random ids is the address's self-service record: claim it rather than a new id.
  const legacy = holders.find((s) => s.id === legacyWebSubscriberId(email));
  return deps.subscribers.claimWebId(email, legacy?.id ?? webSubscriberId(deps.randomId()));
}
