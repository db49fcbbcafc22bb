import { createHash } from 'node:crypto';

/** Query parameters that only say where a click came from; dropped from canonical links. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'igshid', 'igsh',
  'mc_cid', 'mc_eid', '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp', 'hsctatracking', 'mkt_tok', 'oly_anon_id', 'oly_enc_id',
  'vero_id', 'vero_conv', 'wt.mc_id', 'wt_mc_id', 'cmpid', 'ncid', 'sr_share', 'rss', 'ref_src', 'ref_url', 'spm', '_ga', '_gl', 'at_medium', 'at_campaign', 'at_custom1', 'at_custom2', 'at_custom3', 'at_custom4',
]);

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || n.startsWith('pk_') || n.startsWith('mtm_') || TRACKING_PARAMS.has(n);
}

/**
 * The link as the same article's link would appear anywhere: fragment and tracking parameters
 * removed, host lower-cased, default port dropped (URL does both). Undefined for non-http(s) links.
 */
export function canonicalLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
  if (kept.length !== [...url.searchParams].length) {
    url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  }
  return url.href;
}

/** A GUID that names itself globally (a URL, tag:, urn:, …) rather than only within its feed ("1234"). */
export function isGlobalGuid(guid: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\S/i.test(guid);
}

/** The key two feeds share for the same article: http and https copies of one link are one article. */
export function linkIdentity(link: string): string {
  return `link:${link.replace(/^https?:\/\//i, '')}`;
}

/**
 * Article ids are a hash of the chosen identity: short, opaque and safe as DynamoDB keys, S3 names
 * and URL parts. sha256, base64url, first 22 characters (132 bits: collisions are not a concern at
 * any volume newshound will see).
 */
export function articleIdFromIdentity(identity: string): string {
  return createHash('sha256').update(identity, 'utf8').digest('base64url').slice(0, 22);
}
