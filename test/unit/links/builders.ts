import type { ConnectLinkOptions } from '../../../src/core/links';
import { signParams } from '../../../src/core/signing';
import type { ConnectResourceParams } from '../../../src/core/validation';

export const APP_SECRET = 'app-secret-5PUZmVMm/+=';
export const FIXED_TIMESTAMP = '2030-01-01T08:00:00Z';

export function subscriptionResource(overrides: Partial<ConnectResourceParams> = {}): ConnectResourceParams {
  return { merchant_id: 'WOQRUJU9OH2HH1', amount: '50.00', interval_length: 1, interval_unit: 'month', name: 'Gold membership', ...overrides };
}

export function linkOptions(overrides: Partial<ConnectLinkOptions> = {}): ConnectLinkOptions {
  return {
    resourceType: 'subscription', appId: 'APP_ID_1', appSecret: APP_SECRET, environment: 'sandbox',
    resource: subscriptionResource(), nonce: 'DGsrJuOpuT/UlhM6Ok5gcpod0447E', timestamp: FIXED_TIMESTAMP,
    ...overrides,
  };
}

export interface RedirectFields {
  resource_id: string;
  resource_type: string;
  resource_uri: string;
  state?: string;
}

/** A redirect URL as GoCardless builds it: the merchant's URI plus the four fields and their signature. */
export function redirectUrl(fields: Partial<RedirectFields> = {}, base = 'https://merchant.example/return?order=42', secret = APP_SECRET): string {
  const signed: RedirectFields = {
    resource_id: 'VZUG2SC3PRT5EM', resource_type: 'subscription',
    resource_uri: 'https://sandbox.gocardless.com/api/v1/subscriptions/VZUG2SC3PRT5EM', ...fields,
  };
  const { signature } = signParams({ ...signed }, secret);
  const url = new URL(base);
  for (const [k, v] of Object.entries(signed)) url.searchParams.set(k, v as string);
  url.searchParams.set('signature', signature);
  return url.href;
}
