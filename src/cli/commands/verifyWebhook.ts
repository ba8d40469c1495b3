import { parseArgs } from 'node:util';
import { signParams, withoutSignature } from '../../core/signing';
import { diagnoseWebhookBody, type WebhookBodyDiagnosis } from '../../core/webhooks/diagnoseWebhookBody';
import { appSecrets } from '../appSecret';
import type { CliCommand } from '../CliCommand';
import { readAll } from '../readStdin';

const USAGE = `gcdev verify-webhook [--secret S]…

Reads a webhook request body ({"payload": {…}}) on standard input and checks
payload.signature: the HMAC-SHA256 of the payload's contents (without the
"payload" wrapper and without the signature) keyed with the app secret. Prints
JSON with "valid", the verdict (valid, invalid, unsigned, malformed), the
resource type, action and object ids, and the signature diagnosis.

  gcdev verify-webhook --secret S < body.json

Options:
  --secret S   the app secret; repeat it to try several (sandbox and live, old and new:
               "secretIndex" says which matched). Defaults to the GOCARDLESS_APP_SECRET
               environment variable (preferred: a command-line argument is visible to other users)

Exit status: 0 when valid, 1 when not (invalid, unsigned or malformed), 2 for bad options.
`;

export const command: CliCommand = {
  name: 'verify-webhook',
  summary: 'Verify a webhook body from stdin against one or more app secrets',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: { secret: { type: 'string', multiple: true } } });
    const secrets = appSecrets(values.secret, io);
    const body = await readAll(io.stdin, 1024 * 1024);
    const result = diagnoseWebhookBody(body, secrets);
    io.stdout.write(JSON.stringify(withExpectedSignature(result, secrets), null, 2) + '\n');
    return result.valid ? 0 : 1;
  },
};

/**
 * Adds the signature a correct signer gives to the payload (`diagnosis.expected.signature`).
 * Core's diagnosis never carries it, because the webhook listener diagnoses payloads
 * that anyone who reaches its port chose, and must not hand them a signing oracle.
 * Here it is allowed: the user runs this locally, on a body they chose, with their own
 * secret, and asks for this answer on their own terminal; nothing is stored or sent.
 */
function withExpectedSignature(result: WebhookBodyDiagnosis, secrets: readonly string[]): WebhookBodyDiagnosis {
  const { diagnosis, payload } = result;
  if (!diagnosis || !payload) return result;
  const { signature } = signParams(withoutSignature(payload), secrets[result.secretIndex ?? 0]!);
  return { ...result, diagnosis: { ...diagnosis, expected: { ...diagnosis.expected, signature } as typeof diagnosis.expected } };
}
