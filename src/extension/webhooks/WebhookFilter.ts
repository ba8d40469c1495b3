import type { WebhookDelivery } from '../../core/webhooks';

/** What the "Webhooks" tree shows; every field optional, all must match. */
export interface WebhookFilter {
  readonly resourceType?: string;
  readonly action?: string;
  readonly validity?: 'valid' | 'not-valid';
  /** Case-insensitive, in ids, path, body and reason. */
  readonly text?: string;
}

export function matchesFilter(d: WebhookDelivery, f: WebhookFilter): boolean {
  if (f.resourceType && d.resourceType !== f.resourceType) return false;
  if (f.action && d.action !== f.action) return false;
  if (f.validity === 'valid' && d.verification.status !== 'valid') return false;
  if (f.validity === 'not-valid' && d.verification.status === 'valid') return false;
  if (f.text) {
    const t = f.text.toLowerCase();
    if (![d.id, d.path, d.body, d.verification.reason, ...d.objectIds].some((s) => s.toLowerCase().includes(t))) return false;
  }
  return true;
}

const VALIDITY_WORDS: Record<NonNullable<WebhookFilter['validity']>, string> = {
  valid: 'valid signatures only',
  'not-valid': 'invalid or unverified only',
};

/** The filter in words, for the view's message ("bill paid · valid signatures only · containing "BA1""). */
export function describeFilter(f: WebhookFilter): string | undefined {
  const what = [f.resourceType, f.action].filter((p): p is string => !!p).join(' ');
  const parts = [
    what || undefined,
    f.validity ? VALIDITY_WORDS[f.validity] : undefined,
    f.text ? `containing "${f.text}"` : undefined,
  ].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
