/**
 * What a person may choose: topics, how often, time zone, quiet hours (and, on the preferences page,
 * channels and a pause). Validated here from raw form or JSON fields into the subscriber's shape,
 * with one plain message per field that went wrong.
 */
import type { Channel, DeliveryMode } from '../subscriber.js';
import { isValidEmail, normaliseEmail } from './email-address.js';
import { isValidTimeZone } from './time-zones.js';

/** Raw fields as a form or a JSON body gives them (strings, lists for checkboxes). */
export interface RawPreferenceFields {
  email?: unknown;
  topics?: unknown;
  /** 'instant' | 'hourly' | 'daily' */
  delivery?: unknown;
  /** HH:MM for the daily digest */
  digestAt?: unknown;
  timeZone?: unknown;
  quietStart?: unknown;
  quietEnd?: unknown;
  channels?: unknown;
  /** Any non-empty value pauses alerts (a checkbox). */
  paused?: unknown;
}

export type PreferenceField = 'email' | 'topics' | 'delivery' | 'digestAt' | 'timeZone' | 'quietHours' | 'channels';
export type FieldErrors = Partial<Record<PreferenceField, string>>;

export interface Preferences {
  topics: string[];
  mode: DeliveryMode;
  digest?: { frequency: 'hourly' | 'daily'; at?: string };
  timeZone: string;
  quietHours?: { start: string; end: string };
}

export interface SubscribeRequest extends Preferences {
  email: string;
}

export interface PreferencesUpdate extends Preferences {
  channels: Channel[];
  paused: boolean;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const DEFAULT_DIGEST_AT = '08:00';
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?$/;

/** Raw fields read leniently: a field of the wrong type is simply absent (then reported by the rules below). */
interface RawFields {
  email: string | undefined;
  topics: string[];
  delivery: string | undefined;
  digestAt: string | undefined;
  timeZone: string | undefined;
  quietStart: string | undefined;
  quietEnd: string | undefined;
  channels: string[];
  paused: unknown;
}

const text = (v: unknown) => (typeof v === 'string' && v.length <= 500 ? v : undefined);
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x.length <= 200).slice(0, 100);

function readRaw(input: unknown): RawFields {
  const o = (input && typeof input === 'object' && !Array.isArray(input) ? input : {}) as RawPreferenceFields;
  return {
    email: text(o.email),
    topics: list(o.topics),
    delivery: text(o.delivery),
    digestAt: text(o.digestAt),
    timeZone: text(o.timeZone),
    quietStart: text(o.quietStart),
    quietEnd: text(o.quietEnd),
    channels: list(o.channels),
    paused: o.paused,
  };
}

/** "HH:MM" from an <input type=time> value (which may carry seconds); undefined when blank; null when invalid. */
function clock(value: string | undefined): string | undefined | null {
  const v = value?.trim();
  if (!v) return undefined;
  const m = TIME.exec(v);
  return m ? `${m[1]}:${m[2]}` : null;
}

function preferences(raw: RawFields, topicIds: readonly string[], errors: FieldErrors): Preferences | undefined {
  const known = new Set(topicIds);
  const topics = [...new Set(raw.topics.map((t) => t.trim()).filter(Boolean))];
  if (topics.length === 0) errors.topics = 'Choose at least one topic.';
  else if (topics.some((t) => !known.has(t))) errors.topics = 'Choose topics from the list.';

  const delivery = raw.delivery?.trim() || 'instant';
  let mode: DeliveryMode = 'instant';
  let digest: Preferences['digest'];
  if (delivery === 'hourly') {
    mode = 'digest';
    digest = { frequency: 'hourly' };
  } else if (delivery === 'daily') {
    mode = 'digest';
    const at = clock(raw.digestAt);
    if (at === null) errors.digestAt = 'Enter the digest time as hours and minutes, like 08:00.';
    digest = { frequency: 'daily', at: at ?? DEFAULT_DIGEST_AT };
  } else if (delivery !== 'instant') {
    errors.delivery = 'Choose instant alerts, an hourly digest or a daily digest.';
  }

  const timeZone = raw.timeZone?.trim() || 'UTC';
  if (!isValidTimeZone(timeZone)) errors.timeZone = 'Choose a time zone from the list, like Europe/Berlin.';

  const start = clock(raw.quietStart);
  const end = clock(raw.quietEnd);
  let quietHours: Preferences['quietHours'];
  if (start === null || end === null) errors.quietHours = 'Enter quiet hours as hours and minutes, like 22:00 and 07:00.';
  else if ((start === undefined) !== (end === undefined)) errors.quietHours = 'Quiet hours need both a start and an end, or neither.';
  else if (start !== undefined && start === end) errors.quietHours = 'Quiet hours cannot start and end at the same time.';
  else if (start !== undefined && end !== undefined) quietHours = { start, end };

  if (Object.keys(errors).length > 0) return undefined;
  return { topics, mode, ...(digest ? { digest } : {}), timeZone, ...(quietHours ? { quietHours } : {}) };
}

const emailError = (email: string) => (isValidEmail(email) ? undefined : email ? 'Enter an email address like name@example.org.' : 'Enter your email address.');

/** A subscribe request: an address plus preferences. */
export function parseSubscribeFields(input: RawPreferenceFields, topicIds: readonly string[]): Parsed<SubscribeRequest> {
  const raw = readRaw(input);
  const errors: FieldErrors = {};
  const email = raw.email?.trim() ?? '';
  const wrongEmail = emailError(email);
  if (wrongEmail) errors.email = wrongEmail;
  const prefs = preferences(raw, topicIds, errors);
  if (!prefs || errors.email) return { ok: false, errors };
  return { ok: true, value: { email: normaliseEmail(email), ...prefs } };
}

/** An address alone (a request for a new link). */
export function parseEmailField(input: RawPreferenceFields): Parsed<{ email: string }> {
  const email = readRaw(input).email?.trim() ?? '';
  const wrongEmail = emailError(email);
  return wrongEmail ? { ok: false, errors: { email: wrongEmail } } : { ok: true, value: { email: normaliseEmail(email) } };
}

/** A preferences update: the choices plus channels (among those the subscriber has an address for) and a pause. */
export function parsePreferenceFields(input: RawPreferenceFields, topicIds: readonly string[], availableChannels: readonly Channel[]): Parsed<PreferencesUpdate> {
  const raw = readRaw(input);
  const errors: FieldErrors = {};
  const prefs = preferences(raw, topicIds, errors);
  const channels = [...new Set(raw.channels.map((c) => c.trim()))];
  let chosen: Channel[] = [];
  if (availableChannels.length <= 1) chosen = [...availableChannels];
  else if (channels.length === 0) errors.channels = 'Choose at least one way to get alerts.';
  else if (channels.some((c) => !availableChannels.includes(c as Channel))) errors.channels = 'Choose channels from the list.';
  else chosen = availableChannels.filter((c) => channels.includes(c));
  const paused = raw.paused !== undefined && raw.paused !== null && raw.paused !== '' && raw.paused !== false && raw.paused !== 'false';
  if (!prefs || errors.channels) return { ok: false, errors };
  return { ok: true, value: { ...prefs, channels: chosen, paused } };
}
