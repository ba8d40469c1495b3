import { strict as assert } from 'node:assert';
import { cell, code, fence, renderReportMarkdown, renderReportText, runIntegrationCheck, type CheckCaseResult, type IntegrationCheckReport } from '../../../src/core/integrationCheck';
import { summarize } from '../../../src/core/integrationCheck/IntegrationCheckReport';
import { SPEC } from '../../../src/core/integrationCheck/specCitations';
import { crashingOnForgeryApp, duplicateRejectingApp } from './testApps';

const SECRET = 'MvYX0i6snRh3gevXWbE5a56blveHqPLpLFjfOuZoWusd5AewvXuhcMU/1PXfPoc6';

function caseResult(over: Partial<CheckCaseResult> & Pick<CheckCaseResult, 'id' | 'outcome'>): CheckCaseResult {
  return {
    group: 'webhook', title: over.id, sent: 'a webhook', expected: 'HTTP 200 within the deadline', actual: '200 in 3 ms',
    spec: [SPEC.respond200], exchanges: [], ...over,
  };
}

function report(cases: CheckCaseResult[]): IntegrationCheckReport {
  const summary = summarize(cases);
  return {
    tool: 'test', startedAt: '2026-11-22T04:00:00.000Z', finishedAt: '2026-11-22T04:00:01.000Z', target: 'http://127.0.0.1:3000/hooks',
    timeoutMs: 5000, testIds: ['GCCHK01'], cases, summary, passed: summary.fail === 0,
  };
}

describe('renderReportMarkdown', () => {
  it('states date, target, verdict and one table row per case, with details for failures only', () => {
    const md = renderReportMarkdown(report([
      caseResult({ id: 'webhook.bill.paid', outcome: 'pass' }),
      caseResult({ id: 'webhook.retry', outcome: 'fail', actual: 'first: 200; repeat: 409', explanation: 'Answer 200 to a retry.', spec: [SPEC.retries] }),
    ]));
    assert.match(md, /^# GoCardless integration check report/);
    assert.match(md, /\| Webhook URL \| `http:\/\/127\.0\.0\.1:3000\/hooks` \|/);
    assert.match(md, /\| Date \| 2026-11-22T04:00:00\.000Z \(UTC\) \|/);
    assert.match(md, /\*\*FAILED\*\*: 1 passed, 1 failed, 0 with warnings \(2 checks\)/);
    assert.match(md, /the spec's 5 seconds/);
    const rows = md.split('\n').filter((l) => l.startsWith('| `webhook.'));
    assert.equal(rows.length, 2);
    assert.match(md, /### ❌ fail: `webhook\.retry`/);
    assert.doesNotMatch(md, /### ✅/);
    assert.match(md, /> If the API server does not get a 200 OK response within 5 seconds, it will retry up to 10 times/);
    assert.match(md, /Answer 200 to a retry\./);
  });

  it('keeps what the app answered from breaking the table or injecting markup', () => {
    const hostile = '<img src=x onerror=alert(1)> | ``` [link](javascript:alert(1))\nsecond line';
    const md = renderReportMarkdown(report([
      caseResult({
        id: 'forged.unsigned', outcome: 'fail', actual: hostile, explanation: hostile,
        exchanges: [{ method: 'POST', url: 'http://127.0.0.1:3000/hooks', status: 200, latencyMs: 2, bodyExcerpt: hostile }],
      }),
    ]));
    const row = md.split('\n').find((l) => l.startsWith('| `forged.unsigned`'));
    assert.ok(row);
    // Five columns: six unescaped pipes.
    assert.equal(row.split(/(?<!\\)\|/).length - 1, 6);
    assert.doesNotMatch(md.replace(/````text[\s\S]*?````/g, ''), /<img/);
    // The excerpt is fenced with a fence longer than its own backtick run.
    assert.match(md, /````text\n {2}<img src=x onerror=alert\(1\)> \| ``` \[link\]\(javascript:alert\(1\)\)\n {2}second line\n {2}````/);
  });

  it('escapes helpers as documented', () => {
    assert.equal(cell('a|b\nc <d>'), 'a\\|b c &lt;d&gt;');
    assert.equal(code('x`y'), '``x`y``');
    assert.equal(fence('a ``` b'), '````text\na ``` b\n````');
  });

  it('renders a real run without the secret, listing warnings with the spec quote', async () => {
    const app = await crashingOnForgeryApp(SECRET);
    try {
      const r = await runIntegrationCheck({ appUrl: app.url, secret: SECRET, timeoutMs: 2000 });
      const md = renderReportMarkdown(r);
      assert.ok(!md.includes(SECRET));
      assert.match(md, /\*\*PASSED\*\*: 14 passed, 0 failed, 4 with warnings, 2 skipped \(20 checks\)/);
      assert.match(md, /### ⚠️ warn: `forged\.wrong-secret`/);
      assert.match(md, /> The data will contain an HMAC digest signature/);
      assert.ok(r.testIds.every((id) => md.includes(id)));
      const text = renderReportText(r);
      assert.ok(!text.includes(SECRET));
      assert.match(text, /^WARN {2}forged\.unsigned +500 in \d+ ms$/m);
      assert.match(text, /PASSED: 14 passed, 0 failed, 4 warnings, 2 skipped of 20 checks\./);
    } finally {
      await app.close();
    }
  });

  it('renders the plain-text table with the failure explained', async () => {
    const app = await duplicateRejectingApp(SECRET);
    try {
      const text = renderReportText(await runIntegrationCheck({ appUrl: app.url, secret: SECRET, timeoutMs: 2000 }));
      assert.match(text, /^FAIL {2}webhook\.retry +first: 200 in \d+ ms; repeat: 409 in \d+ ms$/m);
      assert.match(text, /^FAIL webhook\.retry: The repeat of a webhook already accepted/m);
      assert.match(text, /FAILED: 17 passed, 1 failed, 0 warnings, 2 skipped of 20 checks\./);
    } finally {
      await app.close();
    }
  });
});

describe('renderReportMarkdown grouping', () => {
  it('explains once a cause that failed many checks (an app answering 204 to every webhook)', () => {
    const answered204 = (id: string) => caseResult({ id, outcome: 'fail', expected: 'HTTP 200', actual: 'HTTP 204', explanation: 'Answer exactly 200.' });
    const md = renderReportMarkdown(report([
      answered204('webhook.bill.paid'), answered204('webhook.bill.failed'), answered204('webhook.bill.created'),
      caseResult({ id: 'webhook.retry', outcome: 'fail', expected: 'HTTP 200', actual: 'no answer in 5000 ms', explanation: 'Answer within 5 s.' }),
    ]));
    assert.match(md, /### ❌ fail: 3 checks, one cause: HTTP 204/);
    assert.match(md, /\*\*Checks:\*\* `webhook\.bill\.paid`, `webhook\.bill\.failed`, `webhook\.bill\.created`/);
    assert.equal(md.match(/Answer exactly 200\./g)?.length, 1, 'the explanation once');
    assert.match(md, /### ❌ fail: `webhook\.retry`/, 'a cause of its own keeps its own section');
  });
});

describe('renderReportText', () => {
  it('explains once the cases that failed for the same reason', () => {
    const text = renderReportText(report([
      caseResult({ id: 'webhook.bill.paid', outcome: 'fail', explanation: 'The check could not reach the app.' }),
      caseResult({ id: 'forged.unsigned', outcome: 'fail', explanation: 'The check could not reach the app.' }),
      caseResult({ id: 'webhook.retry', outcome: 'fail', explanation: 'Answer 200 to a retry.' }),
    ]));
    assert.match(text, /^FAIL webhook\.bill\.paid, forged\.unsigned: The check could not reach the app\.$/m);
    assert.match(text, /^FAIL webhook\.retry: Answer 200 to a retry\.$/m);
    assert.equal(text.match(/could not reach/g)?.length, 1);
  });
});
