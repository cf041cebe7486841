/** Response helpers: the security headers of PRODUCT.md §6 on every answer the Worker makes. */

/**
 * The headers every static file gets from `public/_headers`, so a page the Worker makes is as
 * protected as one served from the build (a Worker test compares the two).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

/** Headers every API response carries (PRODUCT.md §6). */
export const API_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

/** A JSON response with the API headers. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...API_HEADERS, 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

const META_CSP = /<meta http-equiv="content-security-policy" content="([^"]*)"/i;

/**
 * The headers every HTML page the Worker sends carries, whether personal or public: the static
 * pages' set (`public/_headers`) and the page's own CSP, hash-based in its `<meta>` as Astro wrote
 * it, sent as a header too with `frame-ancestors`, which a `<meta>` cannot carry (issue 14.4).
 */
export function pageHeaders(source: string): Record<string, string> {
  const csp = META_CSP.exec(source)?.[1] ?? "default-src 'none'";
  return {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    // Not no-referrer: that would make a browser post a re-filled form with `Origin: null`.
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Content-Security-Policy': `${csp.replace(/;\s*$/, '')}; frame-ancestors 'none'`,
  };
}

/**
 * A personal HTML page the Worker made from a built page (`source`, as Astro wrote it), changed
 * by `rewriter`, with {@link pageHeaders}: never stored, never indexed.
 */
export function htmlPage(
  source: string,
  rewriter: HTMLRewriter = new HTMLRewriter(),
  status = 200,
  headers: Record<string, string> = {},
): Response {
  const page = rewriter.transform(
    new Response(source, { headers: { 'Content-Type': 'text/html; charset=utf-8' } }),
  );
  return new Response(page.body, {
    status,
    headers: {
      ...pageHeaders(source),
      'Cache-Control': 'no-store',
      'X-Robots-Tag': 'noindex',
      ...headers,
    },
  });
}

/** The text of a page of the build, for {@link htmlPage}; a missing one is a deploy error. */
export async function builtPage(env: Env, path: string): Promise<string> {
  const response = await env.ASSETS.fetch(`https://assets.invalid${path}`);
  if (!response.ok)
    throw new Error(`${path} missing from the build (${response.status}): run npm run build`);
  return response.text();
}

// A page served with a no-referrer policy posts `Origin: null`; the browser still tells us
// the post came from this site (Fetch Metadata), which is what the check is for.
export function fromThisSite(request: Request): boolean {
  const origin = request.headers.get('Origin');
  if (origin === null || origin === new URL(request.url).origin) return true;
  return origin === 'null' && request.headers.get('Sec-Fetch-Site') === 'same-origin';
}

/**
 * For an API whose request carries its own capability (the check-in link's secret, PRODUCT.md
 * §11): refuses only what another site sent. `Origin: null` passes — the check-in page sends no
 * referrer, so its form posts `Origin: null`, and older WebKit (WeChat on older iPhones) adds no
 * Fetch Metadata — unless Fetch Metadata itself says the post came from another site. A forged
 * post would need the secret anyway.
 */
export function notFromAnotherSite(request: Request): boolean {
  const origin = request.headers.get('Origin');
  if (origin !== null && origin !== 'null') return origin === new URL(request.url).origin;
  const site = request.headers.get('Sec-Fetch-Site');
  return site === null || site === 'same-origin' || site === 'none';
}

/** A plain form post from a browser (no JavaScript): it gets HTML pages, never raw JSON. */
export const wantsHtml = (request: Request) =>
  (request.headers.get('Content-Type') ?? '').startsWith('application/x-www-form-urlencoded') &&
  (request.headers.get('Accept') ?? '').includes('text/html');

/**
 * Seconds until the rate limit's minute opens again: the limiter counts in windows aligned to the
 * wall clock, so a fixed 60 would tell some people to wait longer than they must.
 */
export function secondsToNextWindow(now = Date.now()): number {
  return Math.max(1, Math.ceil(60 - ((now / 1000) % 60)));
}
