import type { CaseOutcome, IntegrationCheckReport } from './IntegrationCheckReport';

const MARK: Readonly<Record<CaseOutcome, string>> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

/** The report as a plain-text table for a terminal or an output channel. */
export function renderReportText(report: IntegrationCheckReport): string {
  const rows = report.cases.map((c) => [MARK[c.outcome], c.id, c.actual.replace(/\s+/g, ' ')] as const);
  const w0 = 4;
  const w1 = Math.max(5, ...rows.map((r) => r[1].length));
  const lines = [
    `Integration check of ${report.target} (${report.startedAt}, deadline ${report.timeoutMs} ms)`,
    '',
    `${'RESULT'.padEnd(w0 + 2)}${'CHECK'.padEnd(w1 + 2)}ANSWER`,
    ...rows.map((r) => `${r[0].padEnd(w0 + 2)}${r[1].padEnd(w1 + 2)}${r[2]}`),
    '',
  ];
  for (const c of report.cases) {
    if (c.outcome !== 'fail' && c.outcome !== 'warn') continue;
    lines.push(`${MARK[c.outcome]} ${c.id}: ${c.explanation ?? ''}`);
    const first = c.spec[0];
    if (first) lines.push(`     spec (${first.section}): "${first.quote}"`);
    lines.push('');
  }
  const s = report.summary;
  lines.push(`${report.passed ? 'PASSED' : 'FAILED'}: ${s.pass} passed, ${s.fail} failed, ${s.warn} warnings${s.skip ? `, ${s.skip} skipped` : ''} of ${s.total} checks.`);
  return lines.join('\n') + '\n';
}
