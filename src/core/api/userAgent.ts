import { version } from '../../../package.json';

/** The extension's version, bundled at build time from package.json (no file read at run time). */
export const CLIENT_VERSION: string = version;

/** `gocardless-devtools/0.1.0 (+node v20.19.0)`: names the tool and its version, per the issue. */
export function defaultUserAgent(clientVersion: string = CLIENT_VERSION): string {
  return `gocardless-devtools/${clientVersion} (+node ${process.version})`;
}
