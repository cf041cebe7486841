/**
 * The QR decoder of the checkpoint page for browsers without `BarcodeDetector` (Safari, Firefox,
 * WeChat's WebView, desktop Chromium on Linux): jsQR, loaded by src/scripts/checkpoint-scan.ts only
 * when needed. A receipt's QR code is dark on light, so inverted codes are not tried.
 */
import jsQR from 'jsqr';

/** The text of the QR code in `image`, or undefined when there is none it can read. */
export function decode(image: ImageData): string | undefined {
  return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data;
}
