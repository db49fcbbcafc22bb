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
  | { status: 'not-modified'; httpStatus: 304; headers: Record<string, string>; permanentUrl?: string }
  | { status: 'gone'; httpStatus: 410; headers: Record<string, string>; permanentUrl?: string }
  | {
      status: 'error';
      httpStatus?: number;
      reason: string;
      headers: Record<string, string>;
      /** What went wrong, for scheduling and health (absent from fetchers that don't say). */
      kind?: FetchErrorKind;
      /** Set when a permanent redirect (301/308) preceded the failure. */
      permanentUrl?: string;
    };

export type FetchErrorKind = 'http' | 'network' | 'timeout' | 'too-large' | 'blocked' | 'redirects';

/** Fetches a feed over the network, politely and safely. */
export interface FeedFetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
}
