/** What a secret is for; decides the wording and the environment variable a fix reads. */
export type SecretRole = 'app-secret' | 'access-token';

export type SecretFindingKind =
  /** The exact app secret of a configured account. */
  | 'known-app-secret'
  /** The exact access token of a configured account. */
  | 'known-access-token'
  /** A 64-character base64-like string assigned to, or next to, a GoCardless key name. */
  | 'shaped-like-secret-near-key';

/** A secret of a configured account, to look for verbatim. `label` names the account, never the value. */
export interface KnownSecret {
  readonly label: string;
  readonly role: SecretRole;
  readonly value: string;
}

/** Zero-based line and UTF-16 character, as editors count. */
export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

export interface TextRange {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

/** A span of the scanned text, by offset and by position. */
export interface TextSpan {
  readonly offset: number;
  readonly length: number;
  readonly range: TextRange;
}

export interface SecretFinding extends TextSpan {
  readonly kind: SecretFindingKind;
  readonly role: SecretRole;
  /** The value with the quotes around it when it is a whole string literal; what a fix replaces. */
  readonly literal: TextSpan & { readonly quote: '"' | "'" | '`' | '' };
  /** The key the value is assigned to (`app_secret`, `GOCARDLESS_ACCESS_TOKEN`), when one was found. */
  readonly keyName?: string;
  /** The account a known secret belongs to. */
  readonly accountLabel?: string;
  /** Start of the line holding the value (for fixes that add a comment line). */
  readonly lineStartOffset: number;
  /** For the Problems panel. Never contains the secret. */
  readonly message: string;
}
