/**
 * What the API reference says an error means: the troubleshooting section's
 * five Connect messages first (the most specific), else the meaning of the
 * HTTP status from "HTTP response codes". Text quoted from the spec, so a
 * user reading the Requests view reads GoCardless's own words.
 */
export interface ErrorExplanation {
  /** The spec section the text comes from. */
  readonly section: 'Troubleshooting' | 'HTTP response codes';
  /** The heading in that section: the message, or the status code. */
  readonly heading: string;
  /** One line from the spec, verbatim. */
  readonly text: string;
}

const TROUBLESHOOTING: ReadonlyArray<readonly [string, string]> = [
  ['Client is invalid', 'The developer credentials you entered are incorrect; in particular your client ID (also called your app ID) is incorrect.'],
  ['Signature is invalid', "Assuming that you're using a client library, the developer credentials you entered are incorrect; in particular your app secret is incorrect."],
  ['Merchant not found with the ID provided', 'The developer credentials you entered are incorrect; in particular your merchant ID is incorrect.'],
  ['Redirect uri does not match the uri registered in the developer panel', 'The redirect URI in your code does not match the redirect URI in your GoCardless developer settings.'],
  ['Timestamp has expired', 'The payment links that you generate are valid for 3 hours for security reasons - this message indicates that it has been longer than 3 hours since the link was generated.'],
];

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'The request could not be understood by the server, usually due to malformed syntax. The response body will contain more details in the form of an array.',
  401: 'Unauthorized. The client has not provided a valid Authentication HTTP header.',
  403: 'Forbidden. The client has provided a valid Authentication header, but it does not have permission to access this resource.',
  404: 'Not Found. The requested resource was not found. The response body will explain which resource was not found.',
  412: 'Precondition Failed. Certain unmet conditions must be fulfilled before the request to be processed e.g. timestamp is too old. More details in response body.',
  418: "I'm a teapot. The webserver cannot respond as it is temporarily a teapot.",
  422: 'Unprocessable Entity. Could not process a POST request because the request is invalid. The response body will contain more details in the form of an array.',
  500: 'Internal Server Error. The server encountered an error while processing your request and failed. Please report this to the GoCardless support team.',
};

/** The spec's explanation of an error answer, or undefined when it has none (or it is not an error). */
export function explainError(status: number, message: string | undefined): ErrorExplanation | undefined {
  if (status < 400) return undefined;
  if (message) {
    const entry = TROUBLESHOOTING.find(([m]) => message === m || message.startsWith(`${m}`));
    if (entry) return { section: 'Troubleshooting', heading: `The payment page says 400 error: "${entry[0]}"`, text: entry[1] };
  }
  const text = STATUS_CODES[status];
  return text ? { section: 'HTTP response codes', heading: String(status), text } : undefined;
}

/** Every explanation, for the test that finds each in the spec. */
export function allErrorExplanations(): ErrorExplanation[] {
  return [
    ...TROUBLESHOOTING.map(([m]) => explainError(400, m)!),
    ...Object.keys(STATUS_CODES).map((s) => explainError(Number(s), undefined)!),
  ];
}
