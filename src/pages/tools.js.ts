/**
 * The page tools (src/scripts/tools.ts) as one small classic script, bundled at build time: it
 * loads only when someone taps a tool, so content pages stay within their inline-JS budget.
 */
import type { APIRoute } from 'astro';
import { bundledScript } from '../../scripts/bundle-script.mjs';

export const GET: APIRoute = () => bundledScript('src/scripts/tools.ts');
