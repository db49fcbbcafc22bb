/** Sends our subscribe and unsubscribe requests to WebSub hubs (W3C WebSub §5.1). */
export interface HubClient {
  /** POSTs the form to the hub; `accepted` for a 2xx (202 Accepted, as most hubs answer), else why not. */
  request(hubUrl: string, form: Record<string, string>): Promise<HubAnswer>;
}

export type HubAnswer = { accepted: true; status: number } | { accepted: false; reason: string; status?: number };
