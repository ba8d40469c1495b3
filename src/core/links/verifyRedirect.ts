import { diagnoseSignature, type SignatureDiagnosis } from '../signing';
import { parseRedirectUrl, type RedirectParams, type RedirectResource } from './parseRedirectUrl';

export interface RedirectVerification {
  readonly valid: boolean;
  readonly resource: RedirectResource;
  readonly diagnosis: SignatureDiagnosis;
}

/**
 * Verifies a Connect redirect: re-signs resource_id, resource_type,
 * resource_uri and state (only when present), and nothing else — the
 * merchant's own redirect URI may carry params GoCardless did not sign.
 * Throws RedirectParseError when a required parameter is missing.
 */
export function verifyRedirect(input: string | RedirectParams, appSecret: string): RedirectVerification {
  const resource = parseRedirectUrl(input);
  const signed: Record<string, string> = {
    resource_id: resource.resource_id,
    resource_type: resource.resource_type,
    resource_uri: resource.resource_uri,
  };
  if (resource.state !== undefined) signed['state'] = resource.state;
  const diagnosis = diagnoseSignature(signed, resource.signature, appSecret);
  return { valid: diagnosis.valid, resource, diagnosis };
}
