import { randomBytes } from 'node:crypto';

/**
 * Server-side state behind a payment or OAuth page. The page's form carries
 * only an unguessable token, so another site cannot forge a submission, and
 * the checked link parameters cannot be changed between page and submit.
 */
export class FormSessions<T> {
  private readonly sessions = new Map<string, { value: T; expiresMs: number }>();

  constructor(private readonly ttlMs: number, private readonly max = 5000) {}

  create(value: T, nowMs: number): string {
    this.prune(nowMs);
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, { value, expiresMs: nowMs + this.ttlMs });
    return token;
  }

  get(token: unknown, nowMs: number): T | undefined {
    if (typeof token !== 'string') return undefined;
    const s = this.sessions.get(token);
    if (!s || s.expiresMs <= nowMs) return undefined;
    return s.value;
  }

  delete(token: string): void {
    this.sessions.delete(token);
  }

  private prune(nowMs: number): void {
    for (const [token, s] of this.sessions) {
      if (s.expiresMs <= nowMs || this.sessions.size >= this.max) this.sessions.delete(token);
      else break;
    }
  }
}
