/**
 * Pages that follow the clock without a rebuild (issue 9.2): the home page, notice and guide
 * pages are served through the Worker, which drops what lived until a past day (an expired
 * urgent notice in the banner, its share and poster links) and reveals what waited for it (已过期).
 * Everything else in the built HTML stays as it is; the markup contract is src/lib/live-markup.ts.
 */
import { addDays, shanghaiDate, shanghaiDayStart } from '../../src/lib/dates';
import { isPast, LIVE_UNTIL, SHOWN_AFTER } from '../../src/lib/live-markup';
import { now } from './clock';
import { pageHeaders } from './http';

/** Paths whose pages carry live markup; functions/wrangler.jsonc runs the Worker first for them. */
export function isLivePage(pathname: string): boolean {
  return pathname === '/' || /^\/(?:notices|guides)\//.test(pathname);
}

// A page changes at most at Shanghai midnight; browsers keep it for five minutes at most, so an
// expired notice is gone within minutes of the day's end (the issue allows an hour).
const MAX_AGE = 300;

/** Seconds until the next Shanghai midnight after `at`, at most {@link MAX_AGE}. */
function maxAge(at: Date): number {
  const midnight = shanghaiDayStart(addDays(shanghaiDate(at), 1)).getTime();
  const untilMidnight = Math.ceil((midnight - at.getTime()) / 1000);
  return Math.max(0, Math.min(MAX_AGE, untilMidnight));
}

/**
 * The built page for `request` with the day of the Worker's clock applied, sent with the same
 * security headers as every other page the Worker makes, and its whole CSP as a header.
 */
export async function livePage(request: Request, env: Env): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return env.ASSETS.fetch(request);
  // The built file's validators no longer describe what is sent, so ask for the whole file (a
  // HEAD too: its CSP is in the text) and make validators of our own from its ETag and the day.
  const plain = new Headers(request.headers);
  plain.delete('If-None-Match');
  plain.delete('If-Modified-Since');
  const asset = await env.ASSETS.fetch(new Request(request, { method: 'GET', headers: plain }));
  if (!asset.headers.get('Content-Type')?.startsWith('text/html')) return asset;

  const at = now(env);
  const today = shanghaiDate(at);
  // Pages are a few kilobytes: read whole, their CSP <meta> becomes a header.
  const source = await asset.text();
  const headers = new Headers(asset.headers);
  for (const [name, value] of Object.entries(pageHeaders(source))) headers.set(name, value);
  headers.set('Cache-Control', `public, max-age=${maxAge(at)}`);
  headers.delete('Last-Modified');
  headers.delete('Content-Length');
  const built = asset.headers.get('ETag')?.replace(/^W\//, '').replaceAll('"', '');
  if (built) {
    const etag = `W/"${built}-${today}"`;
    headers.set('ETag', etag);
    if (asset.ok && request.headers.get('If-None-Match') === etag) {
      return new Response(null, { status: 304, headers });
    }
  } else headers.delete('ETag');

  const page = new Response(request.method === 'HEAD' ? null : source, {
    status: asset.status,
    headers,
  });
  return new HTMLRewriter()
    .on(`[${LIVE_UNTIL}]`, {
      element(element) {
        const day = element.getAttribute(LIVE_UNTIL);
        if (day && isPast(day, today)) element.remove();
      },
    })
    .on(`[${SHOWN_AFTER}]`, {
      element(element) {
        const day = element.getAttribute(SHOWN_AFTER);
        if (day && isPast(day, today)) {
          element.removeAttribute('hidden');
          element.removeAttribute(SHOWN_AFTER);
        }
      },
    })
    .transform(page);
}
