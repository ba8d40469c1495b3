import type { SandboxScale } from '../../core/sandbox/SandboxOptions';

type Scale = Partial<SandboxScale>;
const SCALE_KEYS = ['bills', 'subscriptions', 'preAuthorizations', 'users', 'payouts'] as const;

/** The `gocardless.sandbox.scale` setting is user-edited JSON: keep only non-negative integer counts. */
export function readScale(value: unknown): Scale {
  const scale: Scale = {};
  if (typeof value !== 'object' || value === null) return scale;
  for (const key of SCALE_KEYS) {
    const n = (value as Record<string, unknown>)[key];
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) scale[key] = n;
  }
  return scale;
}
