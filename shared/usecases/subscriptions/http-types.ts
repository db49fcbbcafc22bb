/** The runtime-neutral HTTP shapes the subscription and bot edges speak (API Gateway v2 and node:http translate to them). */

export interface HttpRequest {
  method: string;
  /** Path without the query, e.g. /unsubscribe */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
  sourceIp: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Largest body any of our forms sends, with room to spare; anything larger is refused unread. */
export const MAX_BODY_BYTES = 16 * 1024;
