import type { Bill } from '../api/models';
import { applySettings, merchantSummary, type AdminActions } from './adminApi';
import { merchantSettings } from './records';
import { renderBill } from './renderResources';
import type { SandboxContext } from './SandboxContext';
import { SandboxHttpError } from './SandboxHttpError';
import type { RunningSandbox } from './SandboxOptions';
import type { SandboxState } from './SandboxState';

export type SandboxControls = AdminActions & Pick<RunningSandbox,
  'advanceClock' | 'triggerBillOutcome' | 'setWebhookUrl' | 'setRedirectUris' | 'merchants' | 'setMerchantSettings' | 'reset'>;

/**
 * What tools drive the sandbox with, besides the Basic API: the same actions
 * whether they come from /admin or from the process that started it.
 */
export function sandboxControls(ctx: SandboxContext, defaults: { appId: string; merchantId: string }, seedFresh: () => SandboxState, persistNow: () => Promise<void>): SandboxControls {
  const { lifecycle } = ctx;
  const defaultApp = (): NonNullable<ReturnType<SandboxState['apps']['get']>> => {
    const app = ctx.state.apps.get(defaults.appId);
    if (!app) throw new Error('The default app is missing from the sandbox state.');
    return app;
  };
  return {
    reset: async () => {
      const fresh = seedFresh();
      ctx.state = fresh;
      lifecycle.replaceState(fresh, 0);
      ctx.nonces.clear();
      ctx.webhooks.clear();
      await persistNow();
    },
    setWebhookUrl: (target, merchantId) => {
      const merchant = ctx.state.merchants.get(merchantId ?? defaults.merchantId);
      if (!merchant) throw new SandboxHttpError(404, `Merchant ${merchantId ?? defaults.merchantId} not found.`);
      merchant.webhookUrl = target;
      ctx.changed();
    },
    setRedirectUris: (uris) => {
      const app = defaultApp();
      if (uris.redirectUri !== undefined) app.redirectUri = uris.redirectUri;
      if (uris.cancelUri !== undefined) app.cancelUri = uris.cancelUri;
      ctx.changed();
    },
    advanceClock: (ms) => {
      lifecycle.runDue();
      const report = lifecycle.advance(ms);
      ctx.changed();
      return Promise.resolve(report);
    },
    triggerBillOutcome: (billId, outcome): Promise<Bill> => {
      lifecycle.runDue();
      const bill = ctx.state.bills.get(billId);
      if (!bill) return Promise.reject(new SandboxHttpError(404, `Bill ${billId} not found.`));
      try {
        lifecycle.triggerOutcome(bill, outcome);
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
      ctx.changed();
      return Promise.resolve(renderBill(bill, ctx.baseUrl, lifecycle.nowMs(), ctx.state.merchants.get(bill.merchantId)?.refundsEnabled ?? false));
    },
    merchants: () => [...ctx.state.merchants.values()].map(merchantSummary),
    setMerchantSettings: (settings, merchantId) => {
      const id = merchantId ?? defaults.merchantId;
      const merchant = ctx.state.merchants.get(id);
      if (!merchant) throw new SandboxHttpError(404, `Merchant ${id} not found.`);
      const body: Record<string, unknown> = {};
      if (settings.refunds_enabled !== undefined) body['refunds_enabled'] = settings.refunds_enabled;
      if (settings.international_payments !== undefined) body['international_payments'] = settings.international_payments;
      if (settings.hide_variable_amount !== undefined) body['hide_variable_amount'] = settings.hide_variable_amount;
      applySettings(merchant, body);
      ctx.changed();
      return merchantSettings(merchant);
    },
  };
}
