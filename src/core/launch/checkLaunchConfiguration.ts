import { isLoopbackHost } from '../webhooks/isLoopbackHost';

/** What a `gocardless` launch configuration may say (package.json `contributes.debuggers` describes it to users). */
export interface SandboxLaunchConfiguration {
  /** Your app's webhook endpoint, on loopback: the listener forwards every delivery there for this session. */
  readonly forwardTo?: string;
  /** Your app's Connect redirect page, on loopback: registered as the local sandbox app's redirect URI. */
  readonly redirectUri?: string;
}

/** A launch configuration comes from the workspace: its URLs may only point at this machine. */
export function checkLaunchConfiguration(config: Record<string, unknown>): SandboxLaunchConfiguration {
  const out: { forwardTo?: string; redirectUri?: string } = {};
  for (const field of ['forwardTo', 'redirectUri'] as const) {
    const value = config[field];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') throw new Error(`"${field}" in the launch configuration must be a URL string.`);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`"${field}" in the launch configuration is not a URL: write it like http://127.0.0.1:3000/${field === 'forwardTo' ? 'webhooks' : 'return'}.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`"${field}" in the launch configuration must be an http:// or https:// URL.`);
    if (!isLoopbackHost(url.hostname.replace(/^\[|\]$/g, ''))) {
      throw new Error(`"${field}" in the launch configuration must point at this machine (127.0.0.1, localhost or [::1]): a launch configuration comes with the workspace, so it may not send webhooks or customers elsewhere.`);
    }
    out[field] = url.href;
  }
  return out;
}
