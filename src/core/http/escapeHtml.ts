/**
 * Escapes text for HTML content and double-quoted attributes: every page a
 * local server writes (the sandbox's Connect and OAuth pages, the payment
 * redirect's landing page) puts untrusted values through this one function.
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
