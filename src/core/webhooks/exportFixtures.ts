import type { WebhookDelivery } from './WebhookDelivery';

export interface WebhookFixture {
  /** e.g. "bill-paid-1": resource type, action and a counter, for a fixture file name or test title. */
  readonly name: string;
  readonly resource_type: string | null;
  readonly action: string | null;
  readonly valid: boolean;
  readonly object_ids: readonly string[];
  readonly received_at: string;
  readonly content_type: string;
  /** The body exactly as received, so signatures still verify. */
  readonly body: string;
}

/** Deliveries as JSON test fixtures for the user's own test suite. */
export function exportFixtures(deliveries: readonly WebhookDelivery[]): string {
  const counts = new Map<string, number>();
  const fixtures: WebhookFixture[] = deliveries.map((d) => {
    const stem = `${d.resourceType ?? 'unknown'}-${d.action ?? 'unknown'}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const n = (counts.get(stem) ?? 0) + 1;
    counts.set(stem, n);
    return {
      name: `${stem}-${n}`,
      resource_type: d.resourceType ?? null,
      action: d.action ?? null,
      valid: d.verification.status === 'valid',
      object_ids: d.objectIds,
      received_at: d.receivedAt,
      content_type: d.headers['content-type'] ?? 'application/json',
      body: d.body,
    };
  });
  return JSON.stringify(fixtures, null, 2) + '\n';
}
