// Browser scripts of src/scripts/ bundled at build time into one small file each, for the Astro
// endpoints that serve them (src/pages/*.js.ts): from our own origin, as the CSP requires.
import { build } from 'esbuild';
import { resolve } from 'node:path';

/**
 * `entry` (relative to the repository root) bundled and minified, as a JavaScript response.
 * `format: 'esm'` for a module that loads another on demand with `import()`.
 */
export async function bundledScript(entry, { format = 'iife', banner, plugins = [] } = {}) {
  const bundled = await build({
    // From the project root: endpoints run from Astro's prerender chunks.
    entryPoints: [resolve(process.cwd(), entry)],
    bundle: true,
    format,
    minify: true,
    // Dynamic import() needs ES2020; the classic page tools stay at ES2017 for old WebViews.
    target: format === 'esm' ? 'es2020' : 'es2017',
    legalComments: 'none',
    ...(banner && { banner: { js: banner } }),
    plugins,
    write: false,
  });
  return new Response(bundled.outputFiles[0]?.text ?? '', {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8' },
  });
}
