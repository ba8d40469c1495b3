import { request } from 'node:http';

export interface RawAnswer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/**
 * One HTTP request over a real socket with exactly the headers given (plus
 * Host unless overridden). Not fetch: Node's fetch adds `Sec-Fetch-Mode: cors`
 * to everything, which is what a script sends, not a navigation.
 */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname.replace(/^\[|\]$/g, ''), port: target.port, path: `${target.pathname}${target.search}`, method: options.method ?? 'GET', headers: { ...options.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** What a current browser sends when GoCardless's page redirects the user's tab (a cross-site top-level navigation). */
export const NAVIGATION_HEADERS: Readonly<Record<string, string>> = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-site': 'cross-site',
  'sec-fetch-dest': 'document',
  'sec-fetch-user': '?1',
  'upgrade-insecure-requests': '1',
};

export function navigate(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return rawRequest(url, { headers: { ...NAVIGATION_HEADERS, ...headers } });
}

/**
 * The requests a script on another web page can make to a loopback URL
 * without a preflight (or after DNS rebinding): each must be refused.
 */
export function webPageAttacks(url: string): Array<{ name: string; send: () => Promise<RawAnswer> }> {
  const port = new URL(url).port;
  return [
    { name: 'fetch(no-cors) GET with Origin', send: () => rawRequest(url, { headers: { origin: 'https://evil.example', 'sec-fetch-mode': 'no-cors', 'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'empty' } }) },
    { name: 'text/plain POST with Origin', send: () => rawRequest(url, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'text/plain;charset=UTF-8', 'sec-fetch-mode': 'no-cors' }, body: '{"a":1}' }) },
    { name: '<img> subresource (no Origin, Sec-Fetch-Mode: no-cors)', send: () => rawRequest(url, { headers: { 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image', 'sec-fetch-site': 'cross-site' } }) },
    { name: 'an <iframe> navigation', send: () => rawRequest(url, { headers: { ...NAVIGATION_HEADERS, 'sec-fetch-dest': 'iframe' } }) },
    { name: 'a DNS-rebound name in Host', send: () => rawRequest(url, { headers: { ...NAVIGATION_HEADERS, host: `rebound.evil.example:${port}` } }) },
  ];
}
