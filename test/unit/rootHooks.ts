/**
 * Root hooks of the unit suite (loaded by .mocharc.json):
 * - after the last test, fail if a test left a process, socket, server or
 *   timer behind: such a run would otherwise never end (mocha runs without
 *   --exit on purpose), and CI would see a timeout instead of a red test;
 * - list the slowest tests, so a slow one is noticed when it is added.
 */
import type { Context } from 'mocha';

/** What a finished suite still holds on purpose: its own standard streams. */
const EXPECTED = new Set(['TTYWrap', 'PipeWrap', 'FSReqCallback']);
const SLOWEST_SHOWN = 10;
/** Event-loop turns allowed for closes already under way (a socket's close callback, a child's exit) to land. */
const SETTLE_TURNS = 200;

const durations: Array<{ title: string; ms: number }> = [];

function leftBehind(): string[] {
  return process.getActiveResourcesInfo().filter((r) => !EXPECTED.has(r));
}

/** A line per live handle, naming what it is (a server's port, a child's pid) so the leak can be found. */
function describeHandles(): string[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const stdio = new Set<unknown>([process.stdin, process.stdout, process.stderr]);
  return handles.flatMap((h) => {
    if (stdio.has(h)) return [];
    const name = (h as object).constructor?.name ?? typeof h;
    const o = h as { address?: () => unknown; pid?: number; spawnargs?: string[]; remotePort?: number; localPort?: number };
    if (name === 'ChildProcess') return [`ChildProcess pid ${o.pid}: ${(o.spawnargs ?? []).join(' ')}`];
    if (name === 'Server') return [`Server ${JSON.stringify(o.address?.())}`];
    if (name === 'Socket') return [`Socket ${o.localPort ?? '?'} -> ${o.remotePort ?? '?'}`];
    return [name];
  });
}

export const mochaHooks = {
  afterEach(this: Context): void {
    const t = this.currentTest;
    if (t?.duration !== undefined) durations.push({ title: t.fullTitle(), ms: t.duration });
  },

  async afterAll(this: Context): Promise<void> {
    const slowest = [...durations].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_SHOWN);
    if (slowest.length > 0) {
      process.stdout.write(`\n  Slowest ${slowest.length} tests:\n${slowest.map((d) => `    ${String(d.ms).padStart(6)} ms  ${d.title}`).join('\n')}\n`);
    }
    for (let i = 0; i < SETTLE_TURNS && leftBehind().length > 0; i++) await new Promise<void>((r) => setImmediate(r));
    const left = leftBehind();
    if (left.length === 0) return;
    // Reported as this hook's failure; then end the run, which the leaked handles would otherwise keep alive.
    setTimeout(() => process.exit(1), 1000).unref();
    throw new Error(`The unit tests left these behind (close them in an after/afterEach hook): ${left.join(', ')}\n${describeHandles().join('\n')}`);
  },
};
