import type { Bill } from '../api/models';
import type { SandboxWebhookDelivery } from './WebhookSender';
import type { ClockReport } from './ClockReport';
import type { RequestRecord } from './requestRecord';
import type { MerchantSettings } from './records';

export type { MerchantSettings };

export interface SandboxMerchantSummary extends MerchantSettings {
  id: string;
  name: string;
}

/** The app and merchant the sandbox starts with; any part may be given so a saved configuration keeps working. */
export interface SandboxCredentials {
  app_id: string;
  app_secret: string;
  merchant_id: string;
  access_token: string;
}

export interface SandboxScale {
  bills: number;
  subscriptions: number;
  preAuthorizations: number;
  users: number;
  payouts: number;
}

export interface SandboxOptions {
  /** 0 = any free port (default 0). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Seed of the deterministic data (default 1). */
  seed?: number;
  scale?: Partial<SandboxScale>;
  /** Optional persistence directory; state is written atomically (tmp + rename). */
  dataDir?: string;
  /** The default merchant's web_hook_uri. */
  webhookUrl?: string;
  /**
   * Switch the default merchant's refunds on (true) or off (false) at start, also over a saved state.
   * Left out: off for a fresh state, as saved otherwise. The spec: refunds are "only … available if refunds
   * have been enabled on your merchant account".
   */
  refundsEnabled?: boolean;
  credentials?: Partial<SandboxCredentials>;
  /** The app's registered redirect URI (Connect and OAuth compare scheme, host and port with it). */
  redirectUri?: string;
  /** The app's registered cancel URI; a link may only carry cancel_uri when one is registered. */
  cancelUri?: string;
  /** Multiplies the webhook retry intervals (tests use tiny values). Default 1. */
  webhookRetryScale?: number;
  /** Per-attempt webhook timeout; the spec's 5 seconds by default. */
  webhookTimeoutMs?: number;
  /** Inactive (unconfirmed) resources disappear after this, on the sandbox clock. Default 3 hours. */
  unconfirmedTtlMs?: number;
  /** The real clock under the sandbox clock (tests inject one). */
  now?: () => Date;
  /**
   * Build a RequestRecord (redacted) for every request served, heard through
   * `onRequest`. Off by default: it costs a little per request.
   */
  requestLog?: boolean;
  /** Request log lines; never contain secrets. */
  log?: (line: string) => void;
}

export type BillOutcome = 'paid' | 'failed' | 'chargedback' | 'refunded' | 'cancelled' | 'retried' | 'withdrawn';
export const BILL_OUTCOMES: readonly BillOutcome[] = ['paid', 'failed', 'chargedback', 'refunded', 'cancelled', 'retried', 'withdrawn'];

export interface RunningSandbox {
  /** Base URL for /api/v1, /connect, /oauth and /admin, e.g. http://127.0.0.1:54321 */
  readonly url: string;
  /** The default app and merchant. */
  readonly credentials: SandboxCredentials;
  /** The sandbox clock: the real clock plus every advance so far. */
  now(): Date;
  /** Moves the sandbox clock forward and runs everything that fell due, firing webhooks. */
  advanceClock(ms: number): Promise<ClockReport>;
  triggerBillOutcome(billId: string, outcome: BillOutcome): Promise<Bill>;
  setWebhookUrl(url: string | null, merchantId?: string): void;
  /** Every merchant with its settings (no tokens). */
  merchants(): SandboxMerchantSummary[];
  /** Switches a merchant's settings (the default merchant's without an id); returns them. Throws for an unknown merchant. */
  setMerchantSettings(settings: Partial<MerchantSettings>, merchantId?: string): MerchantSettings;
  setRedirectUris(uris: { redirectUri?: string; cancelUri?: string }): void;
  webhookDeliveries(): readonly SandboxWebhookDelivery[];
  onWebhookDelivery(listener: (d: SandboxWebhookDelivery) => void): { dispose(): void };
  /** One record per request served, once answered; only with the `requestLog` option (else never called). */
  onRequest(listener: (record: RequestRecord) => void): { dispose(): void };
  /** Forgets everything and regenerates the seeded data. */
  reset(): Promise<void>;
  /** Closes the server, sockets and timers; flushes persistence. */
  dispose(): Promise<void>;
}
