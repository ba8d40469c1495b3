import type { SignatureDiagnosis } from '../../core/signing';

/**
 * The whole diagnosis of a redirect's signature as plain text, for a document beside the short warning: the
 * reason, then the expected normalized string it tells the developer to compare, the received signature, and
 * the signing mistake that reproduces the received one when there is one. Plain text, never
 * Markdown: the normalized string holds the redirect's (untrusted) values. Never holds the secret, nor the
 * signature it gives these (someone else's) values: see expectedWebhookSignature.
 */
export function signatureReport(url: string, accountName: string, d: SignatureDiagnosis): string {
  const lines = [
    'Redirect signature diagnosis',
    '',
    `Checked with the app secret of: ${accountName}`,
    `Redirect URL: ${url}`,
    `Verdict: ${d.verdict}`,
    '',
    d.reason,
    '',
    'Expected normalized string (what your code should sign):',
    d.expected.normalized,
    '',
    `Received signature: ${d.received ?? '(none)'}`,
  ];
  if (d.variant) {
    lines.push('', `Reproduced by a known mistake: ${d.variant.title}`, d.variant.explanation, 'The string that mistake signs:', d.variant.normalized);
  }
  return `${lines.join('\n')}\n`;
}
