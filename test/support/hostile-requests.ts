import fc from 'fast-check';

/**
 * Structure-aware generators of what a hostile client puts in a request line and a Host header: pieces of URLs and
 * authorities (brackets, colons, percent signs, at signs, backslashes, dots, unicode, control characters) in any
 * order, so targets like `//[`, `/%zz`, `http://x@[::1`, and hosts like `[`, `127.0.0.1:`, `localhost.:80` come up.
 */
const URL_PIECES = ['/', '//', '[', ']', ':', '::1', '@', '%', '%zz', '%E0%A4%A', '\\', '.', '..', '?', '#', '*', 'http:', 'https://', 'ftp://', 'localhost', '127.0.0.1', 'evil.example', '0x7f.1', '%00', '\u00e9', '\u{1F600}', ' ', '\t', '\u0000', '\u0085'];

const piece = fc.oneof(fc.constantFrom(...URL_PIECES), fc.string({ maxLength: 4 }), fc.nat({ max: 70_000 }).map(String));

/** A request target: pieces of URLs in any order. */
export const hostileTarget = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

/** A Host header value: pieces of authorities, or a loopback name with a mangled port. */
export const hostileHost = (port: number) =>
  fc.oneof(
    fc.array(piece, { minLength: 0, maxLength: 6 }).map((parts) => parts.join('')),
    fc.tuple(fc.constantFrom('127.0.0.1', 'localhost', '[::1]', '[::1', '::1', 'LOCALHOST', '127.1', '2130706433'), fc.constantFrom('', ':', `:${port}`, `:${port}x`, `:0${port}`, `:${port}:${port}`, `:${port + 1}`, '.', `.:${port}`)).map(([name, suffix]) => name + suffix),
  );

/** The bytes a raw client sends: a method, a target and a Host as generated (latin1, so any code unit goes out as one byte). */
export const hostileRequest = (port: number) =>
  fc.record({ method: fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'), target: hostileTarget, host: hostileHost(port) }).map(({ method, target, host }) => ({
    method,
    target,
    host,
    bytes: Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`, 'latin1'),
  }));
