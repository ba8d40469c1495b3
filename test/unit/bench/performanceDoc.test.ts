// docs/performance.md is generated from the benches' result files: a missed guard must show as missed,
// and every figure in the page must come from a result file.
import { strict as assert } from 'node:assert';

interface Guard { what: string; goal: string; measured: string; met: boolean }
interface Result { bench: string; date: string; machine: Record<string, unknown>; guards: Guard[]; figures: object }
type Render = (results: Result[], notes: string) => string;

const machine = { cores: 2, cpu: 'Test CPU', memoryGiB: 24, node: 'v20.0.0', loadAverage1m: 0.5 };

describe('docs/performance.md generator', () => {
  let render: Render;
  before(async () => {
    ({ renderPerformanceDoc: render } = await import('../../../scripts/performance-doc.mjs'));
  });

  it('writes one row per guard, a missed one in bold, with the run date and the machine', () => {
    const doc = render([
      { bench: 'signing', date: '2026-12-06T03:00:00.000Z', machine, figures: {}, guards: [{ what: 'signing vs the official signer', goal: '≥ 5×', measured: '5.71×', met: true }] },
      { bench: 'webhooks', date: '2026-12-05T10:00:00.000Z', machine, figures: {}, guards: [{ what: 'listener throughput | vs bare', goal: '≥ 50%', measured: '41%', met: false }] },
    ], '## Notes\n\ntried things');
    assert.match(doc, /^\| signing \| signing vs the official signer \| ≥ 5× \| 5\.71× \| yes \| 2026-12-06 \|$/m);
    assert.match(doc, /^\| webhooks \| listener throughput \\\| vs bare \| ≥ 50% \| 41% \| \*\*no\*\* \| 2026-12-05 \|$/m, 'a pipe in a cell is escaped and a miss is bold');
    assert.match(doc, /2 cores, Test CPU, 24 GiB, Node v20\.0\.0 \| 0\.5 \|/);
    assert.match(doc, /do not edit by hand/);
    assert.ok(doc.trimEnd().endsWith('tried things'), 'the notes come last, as written');
  });
});
