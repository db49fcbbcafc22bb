export interface OutgoingEmail {
  /** The sender's address. */
  from: string;
  /** The sender's display name (From: "name" <from>); encoded by the mail adapter. */
  fromName?: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** The mailing list the message belongs to (RFC 2919 List-Id): `id` a dot-atom, `name` its display phrase. */
  list?: { id: string; name: string };
}

/** Sends one email; returns the provider's message id. Throws a typed DeliveryError on failure. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

export interface TelegramSendMessage {
  chat_id: string;
  text: string;
  parse_mode: 'HTML';
  link_preview_options?: { is_disabled: boolean };
}

/** Telegram Bot API sendMessage; returns the Telegram message id. Throws DeliveryError on failure. */
export interface TelegramClient {
  sendMessage(message: TelegramSendMessage): Promise<{ messageId: number }>;
}

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface WebhookClient {
  post(request: WebhookRequest): Promise<{ httpStatus: number }>;
}

/** Where rebuilt syndication feeds are written: S3 in AWS, a folder locally. Keys look like `feeds/csto.xml`. */
export interface FeedPublisher {
  put(key: string, body: string, contentType: string): Promise<{ location: string }>;
  /** What is stored at `key` (hex SHA-256 of its bytes), undefined when absent: lets a rebuild skip unchanged writes. */
  head(key: string): Promise<{ contentHash: string } | undefined>;
  /** Every stored key starting with `prefix`. */
  list(prefix: string): Promise<string[]>;
  /**
   * Optional: the same listing with the hex MD5 of each object's bytes where the store tells it in the listing (S3: the
   * ETag of a single-part upload), so a rebuild compares without a `head` per file; undefined where it does not.
   */
  listWithMd5?(prefix: string): Promise<Map<string, string | undefined>>;
  /** Removes the keys; absent keys are not an error. */
  delete(keys: string[]): Promise<void>;
}

/** The email provider's account, as far as it decides whom the sender may mail. */
export interface SendingAccount {
  /**
   * True while the account may mail only addresses its operator verified (Amazon SES's sandbox): everyone else's
   * mail is refused until the operator is granted production access.
   */
  inSandbox(): Promise<boolean>;
}
