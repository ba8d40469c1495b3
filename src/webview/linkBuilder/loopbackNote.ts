// No DOM here: the Node-side unit tests import it.

/**
 * A QR code of a loopback link (the local sandbox) encodes an address only this computer can open: a phone that
 * scans it reaches itself. Said beside the code, so nobody wonders why the phone shows an error.
 */
export function loopbackNote(url: string): string {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return '';
  }
  const loopback = host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
  return loopback ? `This link points at ${host} (the local sandbox on this computer): a phone that scans it cannot open it. Sandbox and live links work on a phone.` : '';
}
