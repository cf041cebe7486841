// The one inline script every page carries (src/scripts/preferences.js), minified once, with the
// CSP hash that allows it: astro.config.mjs adds the hash, src/layouts/Base.astro inlines the code.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { transformSync } from 'esbuild';

let cached;

/** `{ code, hash }` of the minified preferences script. */
export function preferencesScript() {
  if (!cached) {
    // From the project root: this module is also bundled into Astro's prerender chunks.
    const source = readFileSync(resolve(process.cwd(), 'src/scripts/preferences.js'), 'utf8');
    const { code } = transformSync(source, {
      minify: true,
      // Optional chaining, ||= and catch without a binding, as every browser of WeChat (XWeb, X5) and
      // of phones sold in China since 2020 parses; an older one runs the page without this script.
      target: 'es2021',
      legalComments: 'none',
    });
    const inline = code.trim();
    cached = {
      code: inline,
      hash: `sha256-${createHash('sha256').update(inline).digest('base64')}`,
    };
  }
  return cached;
}
