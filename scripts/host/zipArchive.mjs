// Reads a .vsix (a zip) with no dependency: its file list from the central directory, and
// its files, stored or deflated. Enough for what vsce writes; not a general zip reader
// (no zip64, no encryption), and it says so instead of guessing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/**
 * @param {Buffer} zip
 * @returns {{name:string, size:number, compressedSize:number, method:number, localOffset:number}[]}
 */
export function zipEntries(zip) {
  // The end record is 22 bytes plus a comment of up to 64 KiB; search backwards for it.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) { end = i; break; }
  }
  if (end < 0) throw new Error('not a zip archive: no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error('zip64 archives are not supported');
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL_FILE_HEADER) throw new Error(`corrupt zip: no central header at byte ${at}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Writes every file of the archive under dir, refusing names that would escape it. */
export function extractZip(zip, dir) {
  const root = resolve(dir);
  for (const e of zipEntries(zip)) {
    if (e.name.endsWith('/')) continue;
    const target = resolve(root, e.name);
    if (!target.startsWith(root + sep)) throw new Error(`zip entry escapes the target directory: ${e.name}`);
    if (zip.readUInt32LE(e.localOffset) !== LOCAL_FILE_HEADER) throw new Error(`corrupt zip: no local header for ${e.name}`);
    const dataStart = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
    const raw = zip.subarray(dataStart, dataStart + e.compressedSize);
    let data;
    if (e.method === 0) data = raw;
    else if (e.method === 8) data = inflateRawSync(raw);
    else throw new Error(`zip entry ${e.name} uses compression method ${e.method}, which this reader does not support`);
    if (data.length !== e.size) throw new Error(`zip entry ${e.name}: expected ${e.size} bytes, got ${data.length}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
  return join(root);
}
