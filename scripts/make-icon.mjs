#!/usr/bin/env node
// Renders media/icon.png (the Marketplace and Extensions-view icon, 256×256; vsce refuses
// SVG icons) from the same glyph as the activity-bar icon, media/gocardless.svg, on the
// gallery banner's colour. Run it after changing the glyph: node scripts/make-icon.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './host/paths.mjs';
import { loadSharp } from './loadSharp.mjs';

const BANNER = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).galleryBanner?.color ?? '#1c2b4a';
const glyph = readFileSync(join(REPO_ROOT, 'media', 'gocardless.svg'), 'utf8')
  .replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 24 24">
  <rect width="24" height="24" rx="5" fill="${BANNER}"/>
  <g transform="translate(3.6 3.6) scale(0.7)" fill="none" stroke="#ffffff" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${glyph}</g>
</svg>`;
let sharp;
try {
  sharp = await loadSharp('render media/icon.png');
} catch (e) {
  console.error(`make-icon: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
writeFileSync(join(REPO_ROOT, 'media', 'icon.png'), png);
console.log(`media/icon.png: ${png.length} bytes`);
