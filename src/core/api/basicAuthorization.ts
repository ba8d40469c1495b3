/**
 * The HTTP Basic header the spec describes for /api/v1/confirm and /oauth/access_token:
 * "AppID:AppSecret" in Base64 (RFC 2045 alphabet, not wrapped at 76 characters), after "Basic ".
 * The spec's example: Aladdin / open sesame → "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".
 */
export function basicAuthorization(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`;
}
