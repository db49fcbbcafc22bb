/**
 * Subscriber ids. A self-service (web) id is random: nothing about the address can be read from it, in a link, a
 * log line or a table key. A Telegram id follows its chat (the chat id is no secret to the chat).
 */
import { createHash } from 'node:crypto';
import { normaliseEmail } from './email-address.js';

/** A new web subscriber's id from fresh randomness (lower-case hex). */
export function webSubscriberId(random: string): string {
  return `web-${random}`;
}

/**
 * The id web subscribers got before ids were random: an unsalted hash of the address. Stored records keep it (the
 * ledger, digests and topic copies are keyed by it); it is only recomputed to recognise such a record among the
 * holders of an address, never minted for a new one.
 */
export function legacyWebSubscriberId(email: string): string {
  return `web-${createHash('sha256').update(normaliseEmail(email), 'utf8').digest('hex').slice(0, 24)}`;
}

/** Telegram chat ids are integers, negative for groups: `-100123` → `tg-n100123` (ids are lower-case letters, digits, hyphens). */
export function telegramSubscriberId(chatId: string): string {
  return `tg-${chatId.startsWith('-') ? `n${chatId.slice(1)}` : chatId}`;
}
