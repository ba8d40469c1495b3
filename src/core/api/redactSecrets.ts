const REDACTED = '[redacted]';

/**
 * Replaces every occurrence of the given secrets (access token, app secret…) in text
 * that came from a server, so an error body echoing a credential never reaches a log or UI.
 * Secrets shorter than 4 characters are ignored: redacting them would shred ordinary text.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}
