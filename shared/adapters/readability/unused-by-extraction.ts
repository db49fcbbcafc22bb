/**
 * Stands in, in the page worker's bundle (esbuild aliases, infra/constructs/bundle-options.ts), for two modules that
 * extraction never calls: cssomnom's `parse` (linkedom parses a <style> element's CSS only when its `sheet` is read)
 * and dom-serializer (domutils' getOuterHTML). Together they are 280 KB of the worker's bundle.
 */
const unused = (what: string) => (): never => {
  throw new Error(`${what} is not bundled in the page worker`);
};

export const parse = unused('CSS parsing');
export default unused('HTML serialization');
