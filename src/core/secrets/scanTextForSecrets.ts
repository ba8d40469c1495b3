import { classifyKeyName } from './classifyKeyName';
import { LineIndex } from './LineIndex';
import type { KnownSecret, SecretFinding, SecretRole, TextSpan } from './SecretFinding';

export interface SecretScanOptions {
  /** Secrets of the configured accounts, found verbatim wherever they appear. */
  readonly knownSecrets?: readonly KnownSecret[];
  /** Also flag 64-character base64-like strings assigned to a GoCardless key name. Default true. */
  readonly shapes?: boolean;
  /** Stop after this many findings (a generated file full of tokens should not flood the Problems panel). */
  readonly maxFindings?: number;
}

/** Shorter "known secrets" are ignored: matching them would flag ordinary words. */
export const MIN_KNOWN_SECRET_LENGTH = 16;

const ROLE_NAME: Readonly<Record<SecretRole, string>> = { 'app-secret': 'app secret', 'access-token': 'access token' };
export const DEFAULT_VARIABLE: Readonly<Record<SecretRole, string>> = {
  'app-secret': 'GOCARDLESS_APP_SECRET',
  'access-token': 'GOCARDLESS_ACCESS_TOKEN',
};

/**
 * Finds GoCardless credentials written into a text: the exact secrets of
 * configured accounts, and strings shaped like one (app secrets and access
 * tokens are 64 base64 characters, e.g. the Signature Guide's
 * `5PUZmVMm…xOVH`) next to a key that names one. Messages never contain the value.
 */
export function scanTextForSecrets(text: string, options: SecretScanOptions = {}): SecretFinding[] {
  const index = new LineIndex(text);
  const max = options.maxFindings ?? 100;
  const findings: SecretFinding[] = [];
  const taken: [number, number][] = [];
  const overlaps = (o: number, l: number) => taken.some(([a, b]) => o < b && a < o + l);

  for (const known of options.knownSecrets ?? []) {
    if (known.value.length < MIN_KNOWN_SECRET_LENGTH) continue;
    for (const form of encodedForms(known.value)) {
      for (let at = text.indexOf(form); at !== -1 && findings.length < max; at = text.indexOf(form, at + form.length)) {
        if (overlaps(at, form.length)) continue;
        taken.push([at, at + form.length]);
        const keyName = keyNear(index, at);
        const kind = known.role === 'app-secret' ? 'known-app-secret' : 'known-access-token';
        const message = `The ${ROLE_NAME[known.role]} of the GoCardless account "${known.label}" is written in this file. ` +
          `Anything committed can leak (version control, logs, screenshots); read it from ${variableFor(keyName, known.role)} in the environment instead.`;
        findings.push(finding(index, at, form.length, kind, known.role, message, keyName, known.label));
      }
    }
  }

  if (options.shapes !== false) {
    for (const at of base64RunsOf64(text)) {
      if (findings.length >= max) break;
      const value = text.slice(at, at + 64);
      if (!looksLikeSecret(value) || overlaps(at, 64)) continue;
      const keyName = keyNear(index, at);
      if (keyName === undefined) continue;
      const role = roleFor(keyName, index, at);
      if (role === undefined) continue;
      taken.push([at, at + 64]);
      const message = `A string shaped like a GoCardless ${ROLE_NAME[role]} is assigned to "${keyName}". ` +
        `If it is a real credential, anything committed can leak; read it from ${variableFor(keyName, role)} in the environment instead.`;
      findings.push(finding(index, at, 64, 'shaped-like-secret-near-key', role, message, keyName));
    }
  }
  return findings.sort((a, b) => a.offset - b.offset);
}

/**
 * Start offsets of runs of base64 characters exactly 64 long. A character
 * loop: a regex allocates a match per word, five times slower on source code.
 */
function* base64RunsOf64(text: string): Generator<number> {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const b64 = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (b64) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start === 64) yield start;
      start = -1;
    }
  }
}

/** The variable a fix reads: the key itself when it already is a GOCARDLESS_* environment name. */
export function variableFor(keyName: string | undefined, role: SecretRole): string {
  if (keyName !== undefined && /^[A-Z][A-Z0-9_]*$/.test(keyName) && keyName.includes('GOCARDLESS')) return keyName;
  return DEFAULT_VARIABLE[role];
}

/** The value as written raw, in JSON with escaped slashes (PHP's json_encode), and percent-encoded. */
function encodedForms(value: string): string[] {
  return [...new Set([value, value.replace(/\//g, '\\/'), encodeURIComponent(value)])];
}

/**
 * Random base64 of this length mixes cases and digits and repeats few
 * characters; hex digests (the docs' signatures), identifiers and repeated
 * filler do not.
 */
function looksLikeSecret(v: string): boolean {
  if (/^[0-9a-fA-F]+$/.test(v)) return false;
  if (!/[A-Z]/.test(v) || !/[a-z]/.test(v) || !/[0-9]/.test(v)) return false;
  return new Set(v).size >= 20;
}

function roleFor(keyName: string, index: LineIndex, at: number): SecretRole | undefined {
  const cls = classifyKeyName(keyName);
  if (cls === 'app-secret' || cls === 'access-token') return cls;
  if (cls !== 'generic-secret' && cls !== 'generic-token') return undefined;
  // A generic name (secret, token, api_key) counts only with GoCardless mentioned on this line or the three above.
  const line = index.lineOf(at);
  for (let l = line; l >= Math.max(0, line - 3); l--) {
    if (/gocardless/i.test(index.lineText(l))) return cls === 'generic-token' ? 'access-token' : 'app-secret';
  }
  return undefined;
}

// Quotes, brackets and assignment punctuation between a key and its value: `KEY=`, `"key": "`, `:key => '`, `define('KEY', '`, `X || '`.
const BETWEEN_KEY_AND_VALUE = /[\s"'`()[\]{}=:>,|&?]*$/;
const TRAILING_KEY = /[A-Za-z_$][\w$-]*$/;

/** The key name just before the value on its line, or on the line above when the value starts a line. */
function keyNear(index: LineIndex, at: number): string | undefined {
  const line = index.lineOf(at);
  const before = index.text.slice(Math.max(index.lineStart(line), at - 200), at);
  const key = trailingKey(before);
  if (key !== undefined || before.trim() !== '' || line === 0) return key;
  return trailingKey(index.lineText(line - 1));
}

function trailingKey(before: string): string | undefined {
  const m = TRAILING_KEY.exec(before.replace(BETWEEN_KEY_AND_VALUE, ''));
  return m ? m[0].replace(/^\$/, '') : undefined;
}

function finding(index: LineIndex, at: number, length: number, kind: SecretFinding['kind'], role: SecretRole, message: string, keyName?: string, accountLabel?: string): SecretFinding {
  const span = index.span(at, length);
  const before = index.text[at - 1];
  const after = index.text[at + length];
  const quote = before !== undefined && before === after && (before === '"' || before === "'" || before === '`') ? before : '';
  const literal: TextSpan & { quote: typeof quote } = quote ? { ...index.span(at - 1, length + 2), quote } : { ...span, quote };
  return {
    ...span, kind, role, literal, message,
    lineStartOffset: index.lineStart(span.range.start.line),
    ...(keyName !== undefined ? { keyName } : {}),
    ...(accountLabel !== undefined ? { accountLabel } : {}),
  };
}
