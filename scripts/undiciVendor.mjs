// undici lives in its own file beside the bundles, dist/vendor/undici.js, and core requires it
// only when the first request is made (src/core/api/undici.ts). undici is ~520 KB minified and
// CommonJS, which esbuild cannot tree-shake: inlined, it was two thirds of dist/extension.js and
// was parsed on every activation, even by users who only open the link builder offline.

/** The path the bundles require undici from, relative to dist/. */
export const VENDOR_UNDICI = './vendor/undici.js';

/** The build target that writes dist/vendor/undici.js. */
export const undiciVendorTarget = { entryPoints: ['node_modules/undici/index.js'], outfile: 'dist/vendor/undici.js' };

/** Makes `require('undici')` in a bundle load dist/vendor/undici.js instead of inlining it. */
export const undiciFromVendor = {
  name: 'undici-from-vendor',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: VENDOR_UNDICI, external: true }));
  },
};
