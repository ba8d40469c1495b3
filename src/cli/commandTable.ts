import { RESOURCE_TYPE_NAMES, RESOURCE_TYPES } from '../core/api/resourceTypes';
import type { CliCommand } from './CliCommand';
import { resourceCommandName } from './resourceCommandName';

/**
 * Every gcdev command, loaded on demand so `gcdev sign` does not pay for the
 * sandbox. Add a command: one file under commands/ exporting `command`, one line here.
 * Each RESOURCE_TYPES row is a command of its own (`gcdev bills`, `gcdev pre-authorizations`…).
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
  ...Object.fromEntries(RESOURCE_TYPE_NAMES.map((type) => [
    resourceCommandName(RESOURCE_TYPES[type].path),
    async () => (await import('./resourceTypeCommand.js')).resourceTypeCommand(type),
  ])),
  'confirm': async () => (await import('./commands/confirm.js')).command,
  'get': async () => (await import('./commands/raw.js')).getCommand,
  'post': async () => (await import('./commands/raw.js')).postCommand,
  'put': async () => (await import('./commands/raw.js')).putCommand,
};
