export interface ZipEntry { name: string; size: number; compressedSize: number; method: number; localOffset: number }
export declare function zipEntries(zip: Buffer): ZipEntry[];
export declare function extractZip(zip: Buffer, dir: string): string;
