import type { CliCommand } from './CliCommand';

/**
 * Every gcdev command, loaded on demand so `gcdev sign` does not pay for the
 * sandbox. Add a command: one file under commands/ exporting `command`, one line here.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<CliCommand>>> = {
  'sign': async () => (await import('./commands/sign.js')).command,
  'link': async () => (await import('./commands/link.js')).command,
  'verify-redirect': async () => (await import('./commands/verifyRedirect.js')).command,
  'verify-webhook': async () => (await import('./commands/verifyWebhook.js')).command,
  'check': async () => (await import('./commands/check.js')).command,
  'sandbox': async () => (await import('./commands/sandbox.js')).command,
  'listen': async () => (await import('./commands/listen.js')).command,
  'webhook': async () => (await import('./commands/webhook.js')).command,
  'sample': async () => (await import('./commands/sample.js')).command,

  // The REST API (issue 17): the merchant's resources, confirm, and raw requests.
  'merchant': async () => (await import('./commands/merchant.js')).command,
  'bills': async () => (await import('./commands/bills.js')).command,
  'subscriptions': async () => (await import('./commands/subscriptions.js')).command,
  'pre-authorizations': async () => (await import('./commands/preAuthorizations.js')).command,
  'users': async () => (await import('./commands/users.js')).command,
  'payouts': async () => (await import('./commands/payouts.js')).command,
  'confirm': async () => (await import('./commands/confirm.js')).command,
  'get': async () => (await import('./commands/raw.js')).getCommand,
  'post': async () => (await import('./commands/raw.js')).postCommand,
  'put': async () => (await import('./commands/raw.js')).putCommand,
};
