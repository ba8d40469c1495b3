import { diagnoseSignature, type SignatureDiagnosis } from '../signing';
import { readRedirectFields, resourceTypeProblem, type RedirectFields, type RedirectParams } from './parseRedirectUrl';

export interface RedirectVerification {
  /** The signature matches and nothing else is wrong (see `problems`). */
  readonly valid: boolean;
  readonly resource: RedirectFields;
  readonly diagnosis: SignatureDiagnosis;
  /** What is wrong besides the signature: a resource_type that is not one of the spec's three. */
  readonly problems: readonly string[];
  /** The problems, then the diagnosis's reason: one or two sentences for the developer. */
  readonly reason: string;
}

/**
 * Verifies a Connect redirect: re-signs resource_id, resource_type,
 * resource_uri and state (only when present), and nothing else — the
 * merchant's own redirect URI may carry params GoCardless did not sign.
 * A resource_type other than bill, subscription or pre_authorization does not
 * stop the check: the signature is verified anyway and the type reported as
 * a problem. Throws RedirectParseError when a required parameter is missing
 * or a signed one is repeated.
 */
export function verifyRedirect(input: string | RedirectParams, appSecret: string): RedirectVerification {
  const resource = readRedirectFields(input);
  const signed: Record<string, string> = {
    resource_id: resource.resource_id,
    resource_type: resource.resource_type,
    resource_uri: resource.resource_uri,
  };
  if (resource.state !== undefined) signed['state'] = resource.state;
  const diagnosis = diagnoseSignature(signed, resource.signature, appSecret);
  const typeProblem = resourceTypeProblem(resource.resource_type);
  const problems = typeProblem === undefined ? [] : [`${typeProblem} (the signature was checked anyway).`];
  return { valid: diagnosis.valid && problems.length === 0, resource, diagnosis, problems, reason: [...problems, diagnosis.reason].join(' ') };
}
