/** Bodies a WebSub hub pushed, kept until poll-feed ingests them (a private bucket that forgets them after days). */
export interface PushInbox {
  put(key: string, body: Uint8Array, contentType: string | undefined): Promise<void>;
  /** The body, or undefined when it is gone (expired). */
  get(key: string): Promise<{ body: Uint8Array; contentType?: string } | undefined>;
}
