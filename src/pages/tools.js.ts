/**
 * The page tools (src/scripts/tools.ts) as one small classic script, bundled at build time: it
 * loads only when someone taps a tool, so content pages stay within their inline-JS budget.
 */
import type { APIRoute } from 'astro';
import { build } from 'esbuild';
import { resolve } from 'node:path';

export const GET: APIRoute = async () => {
  const bundled = await build({
    // From the project root: this module runs from Astro's prerender chunks.
    entryPoints: [resolve(process.cwd(), 'src/scripts/tools.ts')],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2017',
    legalComments: 'none',
    write: false,
  });
  return new Response(bundled.outputFiles[0]?.text ?? '', {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8' },
  });
};
