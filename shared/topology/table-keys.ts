/**
 * The item types of the single table by the start of their partition key (the key design is documented in
 * shared/adapters/dynamodb/table-schema.ts), and its global secondary indexes. A function's topology entry names the
 * ones it touches; the stack turns them into IAM conditions on dynamodb:LeadingKeys, and the local gateway checks
 * every call against them. No AWS SDK import here.
 */
export const KEY_PREFIXES = {
  article: 'ART#',
  feed: 'FEED#',
  match: 'TOPIC#',
  subscriber: 'SUB#',
  subscription: 'TOPICSUBS#',
  delivery: 'DLV#',
  digest: 'DIGEST#',
  activity: 'ACTIVITY#',
  storyAlert: 'STORYALERT#',
  emailLookup: 'EMAIL#',
  chatLookup: 'TGCHAT#',
  webClaim: 'WEBSUB#',
  suppression: 'SUPPRESS#',
  rateCounter: 'RATE#',
  onceKey: 'ONCE#',
  /** A story's head, members and the claims of its articles. */
  story: 'STORY#',
  /** Which stories of the window hold a name, number or date. */
  storyKey: 'STORYKEY#',
  /** One partition holding every halted sender: a whole key, not a prefix. */
  senderHalts: 'HALTS',
  /** One item, the long-failing feeds last reported to the admins: a whole key. */
  adminReports: 'ALARMS',
  /** One item, the fingerprint of the partner entries last written to the CDN's token table: a whole key. */
  partnerAccess: 'PARTNERS',
  /** One partition holding every WebSub subscription (sk: the feed id): a whole key. */
  pushSubscriptions: 'PUSHSUBS',
} as const;

export type KeyPrefix = (typeof KEY_PREFIXES)[keyof typeof KEY_PREFIXES];

export const TABLE_INDEXES = ['gsi1', 'gsi2'] as const;
export type TableIndex = (typeof TABLE_INDEXES)[number];

/** The writes of a subscriber record: the record, its per-topic copies and its address and chat lookups. */
export const SUBSCRIBER_RECORD: readonly KeyPrefix[] = ['SUB#', 'TOPICSUBS#', 'EMAIL#', 'TGCHAT#'];

/** The dynamodb:LeadingKeys pattern of a prefix: `ART#` → `ART#*`; a whole key stands for itself. */
export function leadingKeyPattern(prefix: KeyPrefix): string {
  return prefix.endsWith('#') ? `${prefix}*` : prefix;
}
