/** What a load generator prints when it is done (one JSON line, `{"summary":{...}}`). */
export interface LoadSummary {
  sent: number; ok: number; other: number; errors: number;
  elapsedMs: number; rps: number; p50: number; p99: number; max: number;
}

/** The summary of a run: `latencies` (ms) holds one entry per request answered or failed. */
export function summarize(counts: { sent: number; ok: number; other: number; errors: number }, latencies: Float64Array, elapsedMs: number): LoadSummary {
  const measured = Array.from(latencies).sort((a, b) => a - b);
  const pct = (p: number): number => measured[Math.min(measured.length - 1, Math.floor(p * measured.length))] ?? NaN;
  return {
    ...counts, elapsedMs: Math.round(elapsedMs), rps: Math.round((measured.length / elapsedMs) * 1000),
    p50: round(pct(0.5)), p99: round(pct(0.99)), max: round(measured.at(-1) ?? NaN),
  };
}

function round(x: number): number { return Math.round(x * 100) / 100; }
