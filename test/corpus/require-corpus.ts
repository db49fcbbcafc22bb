import { existsSync } from 'node:fs';
import { corpusRoot } from '../support/corpus.js';

/** `npm run test:corpus` needs the third-party feeds beside the checkout; say so once, plainly. */
export default function requireCorpus(): void {
  const root = corpusRoot();
  if (!existsSync(root)) {
    throw new Error(`npm run test:corpus: the third-party feed corpus is not at ${root}. It lives beside the checkout (../shared/corpus) and is never copied into the project; npm test does not need it.`);
  }
}
