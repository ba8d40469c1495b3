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
    `${''.padEnd(w0 + 2)}${'CHECK'.padEnd(w1 + 2)}ANSWER`,
    ...rows.map((r) => `${r[0].padEnd(w0 + 2)}${r[1].padEnd(w1 + 2)}${r[2]}`),
    '',
  ];
  // Cases failing for the same reason (often: the app is not running) are explained once.
  const groups = new Map<string, { outcome: CaseOutcome; ids: string[]; spec: string | undefined }>();
  for (const c of report.cases) {
    if (c.outcome !== 'fail' && c.outcome !== 'warn') continue;
    const key = `${c.outcome}\u0000${c.explanation ?? ''}`;
    const first = c.spec[0];
    const group = groups.get(key) ?? { outcome: c.outcome, ids: [], spec: first ? `     spec (${first.section}): "${first.quote}"` : undefined };
    group.ids.push(c.id);
    groups.set(key, group);
  }
  for (const [key, g] of groups) {
    const explanation = key.slice(key.indexOf('\u0000') + 1);
    lines.push(`${MARK[g.outcome]} ${g.ids.join(', ')}: ${explanation}`);
    if (g.spec) lines.push(g.spec);
    lines.push('');
  }
  const s = report.summary;
  lines.push(`${report.passed ? 'PASSED' : 'FAILED'}: ${s.pass} passed, ${s.fail} failed, ${s.warn} warnings${s.skip ? `, ${s.skip} skipped` : ''} of ${s.total} checks.`);
  return lines.join('\n') + '\n';
}
