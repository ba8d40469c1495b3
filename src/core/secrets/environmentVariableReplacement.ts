import { variableFor } from './scanTextForSecrets';
import type { SecretFinding, TextSpan } from './SecretFinding';

export interface TextEdit extends TextSpan {
  readonly newText: string;
}

export interface SecretReplacement {
  /** The environment variable the code reads after the fix. */
  readonly variable: string;
  /** Title of the quick fix. */
  readonly title: string;
  /** Edits in ascending offset order, none overlapping. */
  readonly edits: readonly TextEdit[];
}

type Reference = (variable: string) => string;

/** How each language reads an environment variable; the reference replaces the whole string literal. */
const CODE_REFERENCES: Readonly<Record<string, Reference>> = {
  javascript: (v) => `process.env.${v}`,
  javascriptreact: (v) => `process.env.${v}`,
  typescript: (v) => `process.env.${v}`,
  typescriptreact: (v) => `process.env.${v}`,
  vue: (v) => `process.env.${v}`,
  svelte: (v) => `process.env.${v}`,
  ruby: (v) => `ENV['${v}']`,
  python: (v) => `os.environ["${v}"]`,
  php: (v) => `getenv('${v}')`,
  go: (v) => `os.Getenv("${v}")`,
  java: (v) => `System.getenv("${v}")`,
  kotlin: (v) => `System.getenv("${v}")`,
  csharp: (v) => `Environment.GetEnvironmentVariable("${v}")`,
  // Interpolated by Docker Compose, Spring and most YAML config loaders.
  yaml: (v) => `\${${v}}`,
};

/** Files of KEY=value lines, where the fix empties the value and says where it should come from. */
const ENV_FILE_LANGUAGES = new Set(['dotenv', 'env', 'properties', 'ini', 'shellscript']);

/**
 * The quick fix for a finding in a document of `languageId`: the string
 * literal (quotes included) becomes an environment variable reference. In
 * .env-style files the key stays with an empty value, under a comment.
 * Undefined when the language has no such reference (JSON) or the value is
 * not a whole literal (inside a longer string, in a comment).
 */
export function environmentVariableReplacement(finding: SecretFinding, languageId: string): SecretReplacement | undefined {
  const variable = variableFor(finding.keyName, finding.role);
  const literal = finding.literal;

  if (ENV_FILE_LANGUAGES.has(languageId)) {
    const assigned = finding.keyName !== undefined && finding.range.start.line === literal.range.start.line;
    // In a shell script that is not `KEY=value` for the variable itself, reference the variable instead.
    if (languageId === 'shellscript' && finding.keyName !== variable) {
      return { variable, title: `Replace with "\${${variable}}"`, edits: [{ ...literal, newText: `"\${${variable}}"` }] };
    }
    if (!assigned) return undefined;
    const lineStart = { offset: finding.lineStartOffset, length: 0, range: { start: { line: literal.range.start.line, character: 0 }, end: { line: literal.range.start.line, character: 0 } } };
    return {
      variable,
      title: `Remove the value and set ${variable} outside version control`,
      edits: [
        { ...lineStart, newText: `# Set ${finding.keyName ?? variable} in your environment or secret store; secrets do not belong in committed files.\n` },
        { ...literal, newText: '' },
      ],
    };
  }

  const reference = CODE_REFERENCES[languageId];
  if (reference === undefined) return undefined;
  if (languageId === 'yaml') {
    return { variable, title: `Replace with \${${variable}}`, edits: [{ ...literal, newText: reference(variable) }] };
  }
  if (literal.quote === '') return undefined;
  const newText = reference(variable);
  const note = languageId === 'python' ? ' (needs import os)' : '';
  return { variable, title: `Replace with ${newText}${note}`, edits: [{ ...literal, newText }] };
}
