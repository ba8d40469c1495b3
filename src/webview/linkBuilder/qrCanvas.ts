import { encode } from 'uqr';

/**
 * Draws a QR code of `text` on a canvas, dark modules on white whatever the
 * theme (scanners need the contrast), with the standard 4-module quiet zone.
 */
export function drawQr(canvas: HTMLCanvasElement, text: string, pixelsPerModule = 4): { size: number } {
  const qr = encode(text, { ecc: 'L', border: 4 });
  const px = qr.size * pixelsPerModule;
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d');
  if (!ctx) return { size: qr.size };
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, px, px);
  ctx.fillStyle = '#000000';
  qr.data.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) ctx.fillRect(x * pixelsPerModule, y * pixelsPerModule, pixelsPerModule, pixelsPerModule);
  }));
  return { size: qr.size };
}
