import type { CaseOutcome, CheckCaseResult, HttpExchange, IntegrationCheckReport } from './IntegrationCheckReport';

const BADGE: Readonly<Record<CaseOutcome, string>> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', skip: '⏭️ skipped' };

/**
 * The report as a Markdown document a partner can attach to a certification
 * request. Everything the app sent back is escaped or fenced, so an app's
 * answer cannot inject markup; the app secret is never part of a report.
 */
export function renderReportMarkdown(report: IntegrationCheckReport): string {
  const s = report.summary;
  const verdict = report.passed ? '**PASSED**' : '**FAILED**';
  const lines: string[] = [
    '# GoCardless integration check report',
    '',
    '| | |',
    '| --- | --- |',
    `| Webhook URL | ${code(report.target)} |`,
    `| Date | ${cell(report.startedAt)} (UTC) |`,
    `| Deadline per webhook | ${report.timeoutMs} ms${report.timeoutMs === 5000 ? " (the spec's 5 seconds)" : ''} |`,
    `| Result | ${verdict}: ${s.pass} passed, ${s.fail} failed, ${s.warn} with warnings${s.skip ? `, ${s.skip} skipped` : ''} (${s.total} checks) |`,
    `| Checked by | ${cell(report.tool)} |`,
    // Only an https:// target has a certificate to verify: a plain http:// report says nothing about TLS.
    ...(report.insecureTls && /^https:/i.test(report.target) ? ['| TLS | certificate **not verified** (insecure mode, for a local development certificate) |'] : []),
    '',
    '## Summary',
    '',
    '| Check | Sent | Expected | Actual | Result |',
    '| --- | --- | --- | --- | --- |',
    ...report.cases.map((c) => `| ${code(c.id)} | ${cell(c.sent)} | ${cell(c.expected)} | ${cell(c.actual)} | ${BADGE[c.outcome]} |`),
    '',
  ];

  const attention = report.cases.filter((c) => c.outcome === 'fail' || c.outcome === 'warn');
  if (attention.length > 0) {
    lines.push('## Failures and warnings', '');
    // One cause (e.g. every webhook answered 204) is explained once, with the checks it failed, not once per check.
    const groups = new Map<string, CheckCaseResult[]>();
    for (const c of attention) {
      const key = JSON.stringify([c.outcome, c.expected, c.actual, c.explanation ?? '']);
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    for (const group of groups.values()) lines.push(...(group.length === 1 ? caseDetails(group[0]!) : groupDetails(group)));
  }
  const skipped = report.cases.filter((c) => c.outcome === 'skip');
  if (skipped.length > 0) {
    lines.push('## Not checked', '');
    for (const c of skipped) lines.push(`- ${code(c.id)}: ${cell(c.explanation ?? c.title)}`);
    lines.push('');
  }

  lines.push(
    '## How the check works',
    '',
    '- Every webhook is a POST with a JSON body `{"payload": {...}}`, built from the same template as GoCardless test webhooks (amount 20.0) and signed with the app secret as the Signature Guide describes. The app secret itself is not part of this report.',
    '- Genuine webhooks (one per resource type and action the API reference lists, one with several objects, and one sent twice as a retry) must be answered with exactly HTTP 200 within the deadline.',
    '- Forged webhooks (a changed signature, a payload changed after signing, a foreign secret, no signature) must not be answered with 2xx; a 4xx such as 403 passes, a 5xx is a warning.',
    '- Redirects are reported, never followed.',
    '',
    `Test resource ids (your app may have stored them): ${report.testIds.map(code).join(', ')}.`,
    '',
  );
  return lines.join('\n');
}

function caseDetails(c: CheckCaseResult): string[] {
  const out = [`### ${BADGE[c.outcome]}: ${code(c.id)} (${cell(c.title)})`, ''];
  out.push(`**Sent:** ${cell(c.sent)}`, '');
  out.push(`**Expected:** ${cell(c.expected)}. **Actual:** ${cell(c.actual)}.`, '');
  if (c.explanation) out.push(`**Why it matters and what to change:** ${cell(c.explanation)}`, '');
  for (const citation of c.spec) {
    out.push(`The API reference (${cell(citation.section)}):`, '', `> ${cell(citation.quote)}`, '');
  }
  for (const ex of c.exchanges) out.push(...exchangeDetails(ex));
  return out;
}

function groupDetails(cases: CheckCaseResult[]): string[] {
  const first = cases[0]!;
  const out = [`### ${BADGE[first.outcome]}: ${cases.length} checks, one cause: ${cell(first.actual)}`, ''];
  out.push(`**Checks:** ${cases.map((c) => code(c.id)).join(', ')}`, '');
  out.push(`**Expected:** ${cell(first.expected)}. **Actual:** ${cell(first.actual)}.`, '');
  if (first.explanation) out.push(`**Why it matters and what to change:** ${cell(first.explanation)}`, '');
  for (const citation of first.spec) {
    out.push(`The API reference (${cell(citation.section)}):`, '', `> ${cell(citation.quote)}`, '');
  }
  if (first.exchanges.length > 0) {
    out.push(`The exchange of ${code(first.id)} (the others are alike):`, '');
    for (const ex of first.exchanges) out.push(...exchangeDetails(ex));
  }
  return out;
}

function exchangeDetails(ex: HttpExchange): string[] {
  const status = ex.status !== undefined ? String(ex.status) : ex.error ? ex.error.message : 'no status';
  const out = [`- ${ex.method} ${code(ex.url)} → ${cell(status)} after ${Math.round(ex.latencyMs)} ms${ex.location !== undefined ? `, Location ${code(ex.location)}` : ''}`];
  if (ex.bodyExcerpt.trim()) out.push('', fence(ex.bodyExcerpt, '  '));
  out.push('');
  return out;
}

/** Text that goes in a table cell or a paragraph: no line breaks, no markup, no HTML. */
export function cell(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|#]/g, (ch) => '\\' + ch)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An inline code span that survives backticks and pipes in the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const inner = text.replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|');
  return `${ticks}${inner.startsWith('`') || inner.endsWith('`') ? ` ${inner} ` : inner}${ticks}`;
}

/** A fenced block longer than any backtick run in the text, so the text cannot close it. */
export function fence(text: string, indent = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const f = '`'.repeat(longest + 1);
  return [f + 'text', ...text.split(/\r?\n/), f].map((l) => indent + l).join('\n');
}
