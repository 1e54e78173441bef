// The import rules of STYLE.md ("Dependencies point inward") as code: `npm run lint` runs
// `depcruise` with this file and fails on any violation. Type-only imports count too: a cycle
// through `import type` still ties two modules together for a reader.

/** Test code: the *.test.ts beside the code and everything under test/. */
const testCode = ['\\.test\\.ts$', '^test/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles: move the shared interface into a module of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-not-http',
      severity: 'error',
      comment:
        'The domain knows no door: it throws AppError (api/errors.ts) and api/http translates it. ' +
        'Routes live under api/http/routes/.',
      from: { path: '^api/(accounts|messages|seal|delivery|sms|gateway|secrets)/', pathNot: testCode },
      to: { path: '^api/http/' },
    },
    {
      name: 'seal-is-pure',
      severity: 'error',
      comment: 'The sealing core imports nothing outside api/seal (npm packages and node: are fine).',
      from: { path: '^api/seal/', pathNot: testCode },
      to: { pathNot: ['^api/seal/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'product-not-test',
      severity: 'error',
      comment: 'Product code never imports test/: move what it needs into a product module.',
      from: { path: '^(api|db|ui|addin|thunderbird-ext|bench|scripts|bin)/', pathNot: testCode },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data|\\.tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.mjs', '.js', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
