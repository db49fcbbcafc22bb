export interface FetchRequest {
  url: string;
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | {
      status: 'ok';
      httpStatus: number;
      /** URL after redirects. */
      finalUrl: string;
      /** Set when a permanent redirect (301/308) should update the stored URL. */
      permanentUrl?: string;
      body: Uint8Array;
      headers: Record<string, string>;
    }
  | { status: 'not-modified'; httpStatus: 304; headers: Record<string, string> }
  | { status: 'gone'; httpStatus: 410; headers: Record<string, string> }
  | { status: 'error'; httpStatus?: number; reason: string; headers: Record<string, string> };

/** Fetches a feed over the network, politely and safely. */
export interface FeedFetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
}
