export { startSandbox } from './startSandbox';
export type { RunningSandbox, SandboxCredentials, SandboxOptions, SandboxScale, BillOutcome, MerchantSettings, SandboxMerchantSummary } from './SandboxOptions';
export { BILL_OUTCOMES } from './SandboxOptions';
export type { ClockReport } from './ClockReport';
export type { SandboxWebhookDelivery, WebhookAttempt } from './WebhookSender';
export { RETRY_DELAYS_MS } from './WebhookSender';
export { CONNECT_ERRORS, SANDBOX_ACCOUNT_NUMBER, SANDBOX_SORT_CODE, TIMESTAMP_AHEAD } from './connectFlow';
export { DEFAULT_SCALE, resolveScale } from './seedData';
export { SandboxHttpError } from './SandboxHttpError';
