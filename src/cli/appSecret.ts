import { CliError, type CliIO } from './CliCommand';

/** The env variable gcdev reads the app secret from, so it need not appear on a command line (visible in `ps`). */
export const APP_SECRET_ENV = 'GOCARDLESS_APP_SECRET';

/**
 * `--secret`/`--app-secret` values if given, else the environment's; fails
 * with a one-line error (exit 2) when neither is set, or when one is empty:
 * HMAC accepts the empty key, and `--secret "$UNSET"` is how an empty one
 * arrives, so it would sign and verify without complaint.
 */
export function appSecrets(given: readonly string[] | string | undefined, io: CliIO, option = '--secret'): string[] {
  const found = optionalAppSecrets(given, io, option);
  if (found.length > 0) return found;
  throw new CliError(`an app secret is required: ${option} S or the ${APP_SECRET_ENV} environment variable`);
}

/** appSecrets for commands that can run without one (`listen --accept-all`): empty list when neither is set. */
export function optionalAppSecrets(given: readonly string[] | string | undefined, io: CliIO, option = '--secret'): string[] {
  const list = given === undefined ? [] : typeof given === 'string' ? [given] : [...given];
  if (list.length > 0) {
    if (list.some((s) => s === '')) throw new CliError(`${option} must not be empty (an unset shell variable gives an empty value)`);
    return list;
  }
  const fromEnv = io.env[APP_SECRET_ENV];
  if (fromEnv === '') throw new CliError(`the ${APP_SECRET_ENV} environment variable is set but empty; set it to the app secret or unset it`);
  return fromEnv === undefined ? [] : [fromEnv];
}
