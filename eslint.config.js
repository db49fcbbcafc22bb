import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * Layering of shared/ (no-restricted-imports). A relative specifier means nothing without the importing file's place,
 * so the rules are generated per depth below shared/: `../runtime/x.js` from shared/usecases/ and
 * `../../runtime/x.js` from shared/usecases/delivery/ are the same import and both are caught.
 *
 * - shared/**         imports nothing outside shared/ (infra, functions, cli, bench, test, …): it never knows where it runs.
 * - shared/domain     imports only shared/domain, the pure npm libraries in DOMAIN_PACKAGES and the pure node built-ins in
 *                     DOMAIN_BUILTINS. node:crypto is there for hashes, HMACs and constant-time compares; its randomness is
 *                     banned (pass ids in). Add a built-in only if it does no I/O and answers the same for the same input.
 * - shared/ports      imports only shared/domain and shared/ports: interfaces over domain types.
 * - shared/usecases   imports no shared/adapters and no shared/runtime: it takes ports and the config it reads as input.
 *
 * Relative imports must be in normal form (no `./..`, no `x/..`) and static (no relative `import()` or `import('…')`
 * types), or the rules could not read them.
 */
const LAYERING_MAX_DEPTH = 4;
const DOMAIN_PACKAGES = ['entities', 'entities/decode', 'feed', 'ipaddr.js', 'zod/mini', 'zod/v4/locales/en.js'];
const DOMAIN_BUILTINS = ['node:crypto'];
const NONDETERMINISTIC_CRYPTO = ['randomUUID', 'randomBytes', 'randomInt', 'randomFill', 'randomFillSync', 'getRandomValues', 'webcrypto', 'generateKey', 'generateKeySync', 'generateKeyPair', 'generateKeyPairSync', 'generatePrime', 'generatePrimeSync'];

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `n` steps up, written `../../` or ending in a bare `..`. */
const up = (n) => `^(?:\\.\\.(?:/|$)){${n}}`;
const folderIs = (names) => `(?:${names.join('|')})(?:/|$)`;
const layerPattern = (regex, message) => ({ regex, message, caseSensitive: true });

const ZOD_PATH = { name: 'zod', message: "Lambda bundles: use 'zod/mini' (see shared/domain/zod-messages.ts)." };

/** The layering patterns for a file `depth` folders below shared/ (shared/x.ts is depth 0) in `layer`. */
function layeringPatterns(layer, depth) {
  const patterns = [
    layerPattern('(?:^|/)(?!\\.{1,2}/)[^/]+/\\.{1,2}(?:/|$)|^\\./\\.', 'Write relative imports in normal form (no ./.. or x/..): the layering rules read them as written.'),
    layerPattern(up(depth + 1), 'shared/ imports nothing outside shared/ (infra, functions, cli, bench, test): it never knows where it runs; pass what it needs in.'),
  ];
  const toShared = up(depth);
  const stayingInShared = '\\.\\.(?:/|$)';
  if (layer === 'domain') {
    patterns.push(layerPattern(`${toShared}(?!${folderIs(['domain'])}|${stayingInShared})`, 'shared/domain is pure: it imports only shared/domain (no ports, adapters, runtime or use cases).'));
    const allowed = ['zod', ...DOMAIN_PACKAGES, ...DOMAIN_BUILTINS].map(escapeRegex).join('|');
    patterns.push(layerPattern(`^(?![./])(?!(?:${allowed})$)`, `shared/domain is pure: it imports only the packages ${DOMAIN_PACKAGES.join(', ')} and the built-ins ${DOMAIN_BUILTINS.join(', ')} (see eslint.config.js).`));
  }
  if (layer === 'ports') {
    patterns.push(layerPattern(`${toShared}(?!${folderIs(['domain', 'ports'])}|${stayingInShared})`, 'shared/ports are interfaces: they import only shared/domain and shared/ports.'));
  }
  if (layer === 'usecases') {
    patterns.push(layerPattern(`${toShared}${folderIs(['adapters', 'runtime'])}`, 'shared/usecases take ports and the config they read as input: no imports from shared/adapters or shared/runtime.'));
  }
  return patterns;
}

const DYNAMIC_RELATIVE_IMPORTS = [
  { selector: "ImportExpression[source.value=/^\\./]", message: 'Import relative modules statically, so the layering rules see them.' },
  { selector: "TSImportType[source.value=/^\\./]", message: 'Use `import type` for relative modules, so the layering rules see them.' },
];

function layeringConfigs() {
  const configs = [];
  for (let depth = 0; depth <= LAYERING_MAX_DEPTH; depth++) {
    const folders = '*/'.repeat(depth);
    configs.push({ files: [`shared/${folders}*.ts`], rules: { 'no-restricted-imports': ['error', { paths: [ZOD_PATH], patterns: layeringPatterns(undefined, depth) }] } });
    if (depth === 0) continue;
    const below = '*/'.repeat(depth - 1);
    for (const layer of ['domain', 'ports', 'usecases']) {
      const paths = layer === 'domain' ? [ZOD_PATH, { name: 'node:crypto', importNames: NONDETERMINISTIC_CRYPTO, message: 'shared/domain is deterministic: pass ids and random values in.' }] : [ZOD_PATH];
      configs.push({ files: [`shared/${layer}/${below}*.ts`], rules: { 'no-restricted-imports': ['error', { paths, patterns: layeringPatterns(layer, depth) }] } });
    }
  }
  configs.push({
    files: [`shared/${'*/'.repeat(LAYERING_MAX_DEPTH + 1)}**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [layerPattern('^\\.', `Deeper than the layering rules reach: raise LAYERING_MAX_DEPTH in eslint.config.js.`)] }] },
  });
  return configs;
}

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'data/', 'coverage/', 'test/.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly', structuredClone: 'readonly', performance: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ZOD_PATH] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...DYNAMIC_RELATIVE_IMPORTS] },
  },
  ...layeringConfigs(),
  {
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'shared/domain is pure: pass config in.' }],
      'no-restricted-syntax': ['error', ...DYNAMIC_RELATIVE_IMPORTS, { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'shared/domain is pure: pass now in.' }],
    },
  },
);
