/**
 * Every bench writes its result through here: bench/results/<name>.json holds
 * the guards (what the issues promise, each with its goal, the figure measured
 * and whether it was met), the machine and the date, and the bench's detailed
 * figures. scripts/performance-doc.mjs turns those files into
 * docs/performance.md, the one place figures are written for people.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Guard {
  /** What is measured, against which baseline. */
  readonly what: string;
  /** The goal in words, e.g. "≥ 5× the official library". */
  readonly goal: string;
  /** The figure this run measured, with its unit. */
  readonly measured: string;
  readonly met: boolean;
}

export function writeResult(name: string, guards: readonly Guard[], figures: object): void {
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    // Other tenants' load moves wall-clock figures; the document prints it beside them.
    loadAverage1m: Number(loadavg()[0]!.toFixed(1)),
  };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ bench: name, date: new Date().toISOString(), machine, guards, figures }, null, 2) + '\n');
  for (const g of guards) process.stdout.write(`${g.met ? 'met    ' : 'NOT MET'}  ${g.what}: ${g.measured} (goal ${g.goal})\n`);
  process.stdout.write(`wrote ${file}\n`);
}
