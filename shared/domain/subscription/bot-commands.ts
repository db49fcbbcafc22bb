/**
 * Telegram bot commands: parsing a message text into a command, and topic names into topic ids.
 * Commands may carry the bot's name (`/subscribe@newshound_bot csto`); commands for another bot are ignored.
 */
import type { Topic } from '../topic.js';

export type BotCommand =
  | { kind: 'start'; args: string }
  | { kind: 'topics' }
  | { kind: 'subscribe'; args: string }
  | { kind: 'unsubscribe'; args: string }
  | { kind: 'mode'; args: string }
  | { kind: 'stop' }
  | { kind: 'help' }
  /** A command we do not know, or plain text in a private chat: answered with help. */
  | { kind: 'unknown'; name: string }
  /** Not for us: another bot's command, or chatter in a group. */
  | { kind: 'ignore' };

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/;

export function parseBotCommand(text: string | undefined, options: { botUsername?: string; privateChat: boolean }): BotCommand {
  const trimmed = (text ?? '').trim();
  const m = COMMAND.exec(trimmed);
  if (!m) return options.privateChat && trimmed ? { kind: 'unknown', name: '' } : { kind: 'ignore' };
  const [, rawName, addressedTo, rest] = m;
  if (addressedTo && options.botUsername && addressedTo.toLowerCase() !== options.botUsername.toLowerCase()) return { kind: 'ignore' };
  const name = rawName!.toLowerCase();
  const args = (rest ?? '').trim();
  switch (name) {
    case 'start':
      return { kind: 'start', args };
    case 'topics':
    case 'list':
      return { kind: 'topics' };
    case 'subscribe':
      return { kind: 'subscribe', args };
    case 'unsubscribe':
      return { kind: 'unsubscribe', args };
    case 'mode':
      return { kind: 'mode', args };
    case 'stop':
      return { kind: 'stop' };
    case 'help':
      return { kind: 'help' };
    default:
      return { kind: 'unknown', name };
  }
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_\-‐-―]+/g, ' ').trim();

/**
 * Topic ids named in `args`: by id or name, case-insensitively, hyphens and spaces alike
 * ("nagorno karabakh", "Nagorno-Karabakh"); several separated by commas or spaces.
 */
export function resolveTopics(args: string, topics: readonly Pick<Topic, 'id' | 'name'>[]): { found: string[]; unknown: string[] } {
  const lookup = new Map<string, string>();
  for (const t of topics) {
    lookup.set(fold(t.id), t.id);
    lookup.set(fold(t.name), t.id);
  }
  const found: string[] = [];
  const unknown: string[] = [];
  const add = (id: string) => {
    if (!found.includes(id)) found.push(id);
  };
  const whole = lookup.get(fold(args));
  if (whole) return { found: [whole], unknown };
  for (const part of args.split(',').map((p) => p.trim()).filter(Boolean)) {
    const id = lookup.get(fold(part));
    if (id) {
      add(id);
      continue;
    }
    for (const word of part.split(/\s+/).filter(Boolean)) {
      const wordId = lookup.get(fold(word));
      if (wordId) add(wordId);
      else if (!unknown.includes(word)) unknown.push(word);
    }
  }
  return { found, unknown };
}

export type ModeChoice = { mode: 'instant' } | { mode: 'digest'; frequency: 'hourly' | 'daily' };

/** `/mode instant|digest` (also `hourly` and `daily`); undefined for anything else. */
export function parseModeChoice(args: string): ModeChoice | undefined {
  switch (args.trim().toLowerCase()) {
    case 'instant':
      return { mode: 'instant' };
    case 'digest':
    case 'daily':
      return { mode: 'digest', frequency: 'daily' };
    case 'hourly':
      return { mode: 'digest', frequency: 'hourly' };
    default:
      return undefined;
  }
}
