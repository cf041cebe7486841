/**
 * The offline service worker (src/scripts/service-worker.js), stamped with this build so that a
 * deploy brings a fresh offline page while the pages a phone has opened are kept.
 */
import type { APIRoute } from 'astro';
import source from '../scripts/service-worker.js?raw';

export const GET: APIRoute = () =>
  new Response(`const BUILD = ${JSON.stringify(Date.now().toString(36))};\n${source}`, {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8' },
  });
