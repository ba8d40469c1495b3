import { CliError, type CliIO } from './CliCommand';

/** The env variable gcdev reads the app secret from, so it need not appear on a command line (visible in `ps`). */
export const APP_SECRET_ENV = 'GOCARDLESS_APP_SECRET';

/** `--secret`/`--app-secret` values if given, else the environment's; fails with a one-line error when neither is set. */
export function appSecrets(given: readonly string[] | string | undefined, io: CliIO, option = '--secret'): string[] {
  const list = given === undefined ? [] : typeof given === 'string' ? [given] : [...given];
  if (list.length > 0) {
    if (list.some((s) => s === '')) throw new CliError(`${option} must not be empty`);
    return list;
  }
  const fromEnv = io.env[APP_SECRET_ENV];
  if (fromEnv) return [fromEnv];
  throw new CliError(`an app secret is required: ${option} S or the ${APP_SECRET_ENV} environment variable`);
}
