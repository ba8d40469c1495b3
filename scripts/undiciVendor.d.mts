import type { Plugin } from 'esbuild';
export declare const VENDOR_UNDICI: string;
export declare const undiciVendorTarget: { entryPoints: [string]; outfile: string };
export declare const undiciFromVendor: Plugin;
