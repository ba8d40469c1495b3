// Preloaded (NODE_OPTIONS --import) into Stryker and its workers by scripts/mutation.mjs. Mocha 12 ships its CLI
// helpers as lib/cli/*.cjs; @stryker-mutator/mocha-runner (9.x, the last on Node 20) requires them without an
// extension, which Node's CommonJS loader resolves only for the extensions it knows. Teach it .cjs, loaded like .js.
// Nothing else changes: this file is not loaded by the tests or the extension.
import Module from 'node:module';

const extensions = /** @type {Record<string, unknown>} */ (/** @type {any} */ (Module)._extensions);
extensions['.cjs'] ??= extensions['.js'];
