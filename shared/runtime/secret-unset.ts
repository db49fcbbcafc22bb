/** A secret an admin has not set yet (its parameter does not exist): not a transient failure, so callers may act on it. */
export class SecretUnsetError extends Error {
  override readonly name = 'SecretUnsetError';
}
