/**
 * The sentences of the API reference the integration check holds an app to,
 * quoted so a failure can say what the spec expects and why.
 */
export interface SpecCitation {
  /** Where in the reference the sentence is. */
  readonly section: string;
  readonly quote: string;
}

export const SPEC = {
  respond200: {
    section: 'Webhooks › Response',
    quote: 'Your server should validate the HMAC digest by resigning the contents of the payload object, not including the container payload itself, and respond with status HTTP/1.1 200 OK within 5 seconds.',
  },
  retries: {
    section: 'Webhooks › Response',
    quote: 'If the API server does not get a 200 OK response within 5 seconds, it will retry up to 10 times at ever-increasing time intervals.',
  },
  asynchronous: {
    section: 'Webhooks › Response',
    quote: 'If you have time-consuming server-side processes that are triggered by a webhook please consider processing them asynchronously.',
  },
  signedAgainstImitation: {
    section: 'Webhooks › Request',
    quote: "The data will contain an HMAC digest signature generated using the merchant's app secret - this prevents attackers imitating valid web hooks.",
  },
  objectsArray: {
    section: 'Webhooks › Request',
    quote: 'objects: An array of hashes/dictionaries of the relevant object, named as the pluralize name of the resource type.',
  },
  redirectSignature: {
    section: 'Resources › Bill › Confirm a new one-off bill',
    quote: 'you should re-sign the other 4 params (3 if state is not used) and check that the signature matches the one provided. If it does not match, the request has been tampered with and should be rejected.',
  },
  mustConfirm: {
    section: 'Resources › Bill › Confirmation',
    quote: 'You must confirm the resource otherwise it will be removed within a short period of time.',
  },
} as const satisfies Record<string, SpecCitation>;
