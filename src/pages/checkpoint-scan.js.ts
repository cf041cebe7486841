/**
 * The checkpoint page's camera script (src/scripts/checkpoint-scan.ts), an ES module: the staff
 * page at /staff/checkpoint/ is the only one that loads it.
 */
import type { APIRoute } from 'astro';
import { bundledScript } from '../../scripts/bundle-script.mjs';

export const GET: APIRoute = () =>
  bundledScript('src/scripts/checkpoint-scan.ts', { format: 'esm' });
