// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// src/core and src/webview must run without VS Code: core is shared with the
// gcdev CLI and the tests, and webviews run in a browser sandbox.
const vscodePath = { name: 'vscode', message: 'src/core and src/webview must not depend on VS Code; put VS Code glue in src/extension.' };
// undici is loaded on the first request, not at activation (see src/core/api/undici.ts):
// a value import would put it back on the activation path.
const undiciPath = { name: 'undici', allowTypeImports: true, message: "Import request, createPool and createAgent from src/core/api/undici; only types from 'undici'." };
// Webviews run in a browser sandbox: a Node module there fails at run time (or bundles a shim).
const nodeMessage = "src/webview runs in the webview's browser sandbox: no Node modules; do Node work in the extension and send the result over the protocol.";
const nodeModulePaths = builtinModules.filter((m) => !m.startsWith('_')).map((name) => ({ name, message: nodeMessage }));
const nodePattern = { group: ['node:*'], message: nodeMessage };
const restrictImports = (paths, patterns = []) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });

// Secrets and signatures are compared in constant time (crypto.timingSafeEqual through signaturesEqual or
// secretsEqual, or the listener's hexEqual loop): `===` stops at the first differing character, and how long it
// took tells a caller how much of a forged signature was right. Flagged: ==/!=/===/!== where a side is named like a
// secret or signature (an identifier, a property or a called function: app.secret, hmacHex(…), expected), unless
// the other side is a literal, undefined, typeof or a length; and any such comparison of two values inside a
// function (declared, arrow or method) named *Equal. A comparison that is not of attacker-supplied text says why in an eslint-disable comment.
const SECRET_NAME = '/signature|secret|hmac|digest|^expected$|^received$/i';
const EQUALITY = 'BinaryExpression[operator=/^[!=]==?$/]';
const notTrivial = ['left', 'right'].map((s) =>
  `:not([${s}.type="Literal"]):not([${s}.type="Identifier"][${s}.name="undefined"]):not([${s}.type="UnaryExpression"]):not([${s}.type="MemberExpression"][${s}.property.name="length"])`).join('');
const secretSide = ['left', 'right'].flatMap((s) => [`[${s}.name=${SECRET_NAME}]`, `[${s}.property.name=${SECRET_NAME}]`, `[${s}.callee.name=${SECRET_NAME}]`]);
const constantTimeComparisons = {
  'no-restricted-syntax': ['error',
    { selector: `${EQUALITY}${notTrivial}:matches(${secretSide.join(', ')})`, message: 'Compare secrets and signatures in constant time (signaturesEqual, secretsEqual), not with ===.' },
    { selector: `:matches(FunctionDeclaration[id.name=/Equal$/], VariableDeclarator[id.name=/Equal$/], MethodDefinition[key.name=/Equal$/]) ${EQUALITY}${notTrivial}`, message: 'An *Equal function compares in constant time (timingSafeEqual, or OR-ing every difference), not with ===.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-host/**', '.vscode-test/**', '.cache/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  { files: ['src/**/*.ts'], rules: { ...restrictImports([undiciPath]), ...constantTimeComparisons } },
  { files: ['src/core/**/*.ts'], rules: restrictImports([vscodePath, undiciPath]) },
  { files: ['src/webview/**/*.ts'], rules: restrictImports([vscodePath, undiciPath, ...nodeModulePaths], [nodePattern]) },
  { files: ['src/webview/**/*.ts', 'test/webview/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { ...globals.node } } },
  // The sample integration is plain CommonJS with no dependencies and no build step, so it reads as a reference.
  { files: ['samples/**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
