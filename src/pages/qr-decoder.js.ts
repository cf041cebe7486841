/**
 * The checkpoint page's fallback QR decoder (src/scripts/qr-decoder.ts), an ES module fetched
 * only by browsers without `BarcodeDetector`. jsQR's Shift JIS table (Kanji mode, ~70 KB) is left
 * out: a receipt's code holds a reference in digits and dashes, never Kanji.
 */
import type { APIRoute } from 'astro';
import { readFile } from 'node:fs/promises';
import { bundledScript } from '../../scripts/bundle-script.mjs';

const SHIFT_JIS_TABLE = /exports\.shiftJISTable = \{[^}]*\};/;

export const GET: APIRoute = () =>
  bundledScript('src/scripts/qr-decoder.ts', {
    format: 'esm',
    banner: '/*! jsQR 1.4.0 | Apache-2.0 | https://github.com/cozmo/jsQR */',
    plugins: [
      {
        name: 'jsqr-without-kanji',
        setup(build) {
          build.onLoad({ filter: /jsqr[\\/]dist[\\/]jsQR\.js$/ }, async ({ path }) => {
            const source = await readFile(path, 'utf8');
            // A jsQR upgrade that moves the table must be looked at, not bundled whole unnoticed.
            if (!SHIFT_JIS_TABLE.test(source)) throw new Error(`jsQR changed: ${path}`);
            return {
              contents: source.replace(SHIFT_JIS_TABLE, 'exports.shiftJISTable = {};'),
              loader: 'js',
            };
          });
        },
      },
    ],
  });
