import type { MoneyLifecycle } from './MoneyLifecycle';
import type { SandboxState } from './SandboxState';
import type { WebhookSender } from './WebhookSender';
import type { NonceStore } from './NonceStore';

/** What the request handlers share; `state` changes on reset, so handlers read it per request. */
export interface SandboxContext {
  state: SandboxState;
  readonly lifecycle: MoneyLifecycle;
  readonly webhooks: WebhookSender;
  readonly nonces: NonceStore;
  /** The server's base URL, as clients reach it. */
  readonly baseUrl: string;
  /** The real clock (Connect link timestamps are checked against it; the sandbox clock drives the money). */
  readonly realNow: () => number;
  readonly unconfirmedTtlMs: number;
  /** Persist soon (debounced). */
  changed(): void;
}
