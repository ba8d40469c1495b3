/**
 * Secret-leak scanning cost: scanTextForSecrets over a ~1 MB TypeScript-like
 * document (the largest the extension scans) holding two known secrets and
 * one secret-shaped value next to a key, against two floors over the same text:
 * one regex pass over base64 runs doing nothing else, and indexOf of the known secrets.
 * Writes bench/results/secretScan.json.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { scanTextForSecrets, type KnownSecret } from '../src/core/secrets';
import { writeResult } from './writeResult';

const secret = (): string => {
  for (;;) {
    const s = randomBytes(48).toString('base64');
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s)) return s;
  }
};
const known: KnownSecret[] = [
  { label: 'Live', role: 'app-secret', value: secret() },
  { label: 'Live', role: 'access-token', value: secret() },
  { label: 'Sandbox', role: 'app-secret', value: secret() },
  { label: 'Sandbox', role: 'access-token', value: secret() },
];
const block = `export function handler(req: Request): Response {\n  const bill = { id: 'AKJ398H8KA', amount: '20.0', signature: 'f6b9e6cd8eef30c444da48370e646839c9bb9e1cf10ea16164d5cf93a50231eb' };\n  return json(bill);\n}\n`;
const parts: string[] = [];
while (parts.join('').length < 1_000_000) parts.push(block);
parts.splice(10, 0, `const a = '${known[0]!.value}';\n`);
parts.splice(5000, 0, `const t = "${known[1]!.value}";\n`);
parts.splice(8000, 0, `GOCARDLESS_APP_SECRET='${secret()}'\n`);
const text = parts.join('');

let sink = 0;
const cases: Record<string, () => void> = {
  'scanTextForSecrets (4 known secrets + shapes)': () => { sink += scanTextForSecrets(text, { knownSecrets: known }).length; },
  'floor: one regex pass over base64 runs': () => { for (const m of text.matchAll(/[A-Za-z0-9+/]+/g)) sink += m[0].length === 64 ? 1 : 0; },
  'floor: indexOf of the 4 known secrets': () => { for (const k of known) sink += text.indexOf(k.value); },
};

const ROUNDS = 30;
const results: Record<string, { msPerScan: number; mbPerSecond: number }> = {};
console.log(`document: ${(text.length / 1e6).toFixed(2)} MB, ${text.split('\n').length} lines; ${ROUNDS} scans each (after 3 warm-up scans)`);
for (const [name, run] of Object.entries(cases)) {
  for (let i = 0; i < 3; i++) run();
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) run();
  const ms = (performance.now() - start) / ROUNDS;
  results[name] = { msPerScan: Math.round(ms * 100) / 100, mbPerSecond: Math.round((text.length / 1e6 / (ms / 1000)) * 10) / 10 };
  console.log(`${name.padEnd(48)} ${results[name].msPerScan.toFixed(2).padStart(8)} ms/scan  ${results[name].mbPerSecond.toFixed(1).padStart(7)} MB/s`);
}
const found = scanTextForSecrets(text, { knownSecrets: known }).map((f) => f.kind);
console.log(`findings: ${found.join(', ')} (sink ${sink > 0 ? 'ok' : 'empty'})`);
// No goal: the figures set the scanner beside its floors (one regex pass, indexOf of the known secrets).
writeResult('secretScan', [], { documentBytes: text.length, rounds: ROUNDS, results, findings: found });
