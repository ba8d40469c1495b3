// Signing for the GoCardless Basic API (v1), as its Signature Guide describes it, with Node's own crypto.
// Every signed thing — a Connect link, the redirect your customer comes back with, a webhook's payload —
// is checked the same way: flatten the parameters, percent-encode, sort, join, HMAC-SHA256 with the app secret.
'use strict';
const { createHmac, randomBytes, timingSafeEqual } = require('node:crypto');

/** RFC 5849 percent-encoding: only A-Z a-z 0-9 - . _ ~ stay as they are. */
function percentEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Nested params become pairs: user[email], bills[][id]. null gives an empty value; undefined no pair. */
function flatten(params, prefix, pairs = []) {
  for (const [key, value] of Object.entries(params)) {
    const name = prefix === undefined ? key : `${prefix}[${key}]`;
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const member of value) {
        if (member !== null && typeof member === 'object') flatten(member, `${name}[]`, pairs);
        else pairs.push([`${name}[]`, member === null ? '' : String(member)]);
      }
    } else if (value !== null && typeof value === 'object') {
      flatten(value, name, pairs);
    } else {
      pairs.push([name, value === null ? '' : String(value)]);
    }
  }
  return pairs;
}

/** The string that is signed: encoded pairs sorted by key, then value, joined with = and &. */
function normalize(params) {
  const byteOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return flatten(params)
    .map(([k, v]) => [percentEncode(k), percentEncode(v)])
    .sort((a, b) => byteOrder(a[0], b[0]) || byteOrder(a[1], b[1]))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function sign(params, appSecret) {
  return createHmac('sha256', appSecret).update(normalize(params)).digest('hex');
}

/** True when params carry a signature of every other key made with this secret (compared in constant time). */
function hasValidSignature(params, appSecret) {
  const { signature, ...signed } = params;
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  return timingSafeEqual(Buffer.from(sign(signed, appSecret), 'hex'), Buffer.from(signature, 'hex'));
}

/** A signed Connect link for a one-off bill ("Creating a payment link"). */
function billLink({ baseUrl, appId, appSecret, merchantId, amount, name, redirectUri, state }) {
  const params = {
    bill: { amount, merchant_id: merchantId, name },
    client_id: appId,
    // URL-safe, so the link survives any proxy or copy-paste unchanged.
    nonce: randomBytes(32).toString('base64url'),
    timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(redirectUri ? { redirect_uri: redirectUri } : {}),
    ...(state ? { state } : {}),
  };
  const query = flatten({ ...params, signature: sign(params, appSecret) })
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
  return `${baseUrl}/connect/bills/new?${query}`;
}

module.exports = { percentEncode, normalize, sign, hasValidSignature, billLink };
