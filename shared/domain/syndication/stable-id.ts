import { createHash } from 'node:crypto';

/** RFC 4122 URL namespace: names below are URNs we mint, so ids do not depend on the public base URL. */
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/** A name-based (version 5) UUID URN: the same name always yields the same id, valid as Atom id and RSS guid. */
export function stableUrn(name: string): string {
  const hash = createHash('sha1').update(URL_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const articleUrn = (articleId: string): string => stableUrn(`urn:newshound:article:${articleId}`);
/** A story's item id, in the articles' name space: a story named after its first article keeps that article's id. */
export const storyUrn = (storyId: string): string => articleUrn(storyId);
export const feedUrn = (scope: string, feedName: string): string => stableUrn(`urn:newshound:feed:${scope}:${feedName}`);

/** Hex SHA-256 of the UTF-8 bytes: the content hash used for change detection and strong ETags. */
export function contentHash(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Hex MD5 of the UTF-8 bytes: what S3 lists as the ETag of a single-part upload (compared, never trusted as a secret). */
export function md5Hex(body: string | Uint8Array): string {
  return createHash('md5').update(body).digest('hex');
}
