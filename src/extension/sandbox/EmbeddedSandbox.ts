import { chmod, mkdir, rm } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { RunningSandbox, SandboxCredentials, SandboxOptions } from '../../core/sandbox/SandboxOptions';
import { readScale } from './readScale';
import { machineSetting } from '../settings/machineSetting';

/**
 * The local sandbox running inside the extension host, on loopback.
 * Started on demand (the core module is loaded only then), stopped on
 * `stop()` and on deactivation via `dispose()`.
 */
export class EmbeddedSandbox implements vscode.Disposable {
  private starting: Promise<RunningSandbox> | undefined;
  private running: RunningSandbox | undefined;
  private readonly changed = new vscode.EventEmitter<RunningSandbox | undefined>();
  /** Fires with the sandbox once it listens, and with undefined once it stopped. */
  readonly onDidChange = this.changed.event;
  private readonly logged = new vscode.EventEmitter<string>();
  /** Each line the sandbox logs: one per request (method, path, status, time), never a query or a secret. */
  readonly onDidLog = this.logged.event;

  /**
   * `dataDir`: where the sandbox keeps its state (bills, clock, subscriptions…) between reloads and restarts —
   * the extension's global storage. The directory is 0700: the state holds the sandbox app's secret and token.
   */
  constructor(private readonly log: vscode.LogOutputChannel, readonly dataDir?: string) {}

  get current(): RunningSandbox | undefined {
    return this.running;
  }

  /**
   * The running sandbox, starting it if needed. `credentials` make a restarted
   * sandbox accept the tokens of the account stored earlier (same seed → same data).
   */
  ensureStarted(credentials?: Partial<SandboxCredentials>): Promise<RunningSandbox> {
    this.starting ??= this.start(credentials).catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async start(credentials?: Partial<SandboxCredentials>): Promise<RunningSandbox> {
    const config = vscode.workspace.getConfiguration('gocardless.sandbox');
    const options: SandboxOptions = {
      host: '127.0.0.1',
      port: config.get<number>('port', 0),
      seed: config.get<number>('seed', 1),
      // How much memory and CPU the sandbox takes: the user's settings only, not a cloned repository's.
      scale: readScale(machineSetting<unknown>('gocardless.sandbox', 'scale', {})),
      log: (line) => {
        this.log.debug(`[sandbox] ${line}`);
        this.logged.fire(line);
      },
      // Records for the Requests view (redacted in core, before they exist).
      requestLog: true,
      ...(credentials ? { credentials } : {}),
    };
    if (this.dataDir) {
      await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
      await chmod(this.dataDir, 0o700);
      options.dataDir = this.dataDir;
    }
    const started = Date.now();
    const { startSandbox } = await import('../../core/sandbox/index.js');
    const sandbox = await startSandbox(options);
    this.running = sandbox;
    this.log.info(`Local sandbox listening on ${sandbox.url} (${Date.now() - started} ms)`);
    this.changed.fire(sandbox);
    return sandbox;
  }

  async stop(): Promise<void> {
    const starting = this.starting;
    this.starting = undefined;
    if (!starting) return;
    const sandbox = await starting.catch(() => undefined);
    this.running = undefined;
    if (sandbox) {
      await sandbox.dispose();
      this.log.info('Local sandbox stopped');
      this.changed.fire(undefined);
    }
  }

  /**
   * Forgets the kept state: the running sandbox regenerates its seeded data (same app and merchant, so the
   * account keeps working) and the clock returns to the real time; a stopped one starts fresh next time.
   */
  async reset(): Promise<void> {
    const running = this.running ?? (this.starting ? await this.starting.catch(() => undefined) : undefined);
    if (running) {
      await running.reset();
      this.log.info('Local sandbox reset to its seeded data');
      this.changed.fire(running);
      return;
    }
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
    this.log.info('Local sandbox state removed; it starts fresh next time');
  }

  dispose(): void {
    void this.stop();
    this.changed.dispose();
    this.logged.dispose();
  }
}
