import type { WebhookDelivery } from './WebhookDelivery';

/** POSIX shell single-quoting: safe for any byte sequence a body may hold. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A `curl` command that sends the delivery's body, as received, to `url`. */
export function toCurl(delivery: WebhookDelivery, url: string): string {
  const contentType = delivery.headers['content-type'] ?? 'application/json';
  return [
    'curl -sS -X POST',
    `-H ${shellQuote(`Content-Type: ${contentType}`)}`,
    `--data-binary ${shellQuote(delivery.body)}`,
    shellQuote(url),
  ].join(' \\\n  ');
}
