// Static site from content/: Preact islands only where a page needs them, CSS inlined so a
// content page arrives in one round trip (PRODUCT.md §8).
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { close, createIndex } from 'pagefind';
import { parse } from 'yaml';
import { preferencesScript } from './scripts/inline-script.mjs';
import { TEST_DAY } from './scripts/test-clock.mjs';
import { editorProblem } from './src/lib/cms-backend.ts';
import { buildAddress, productionAddressProblem } from './src/lib/site-address.ts';

const contentDir = process.env.FIRSTLINE_CONTENT_DIR ?? './content';
// `npm run build:test` is the build the Worker and browser tests read: made for the tests' one day
// (scripts/test-clock.mjs), so they pass whatever the real date. An explicit FIRSTLINE_TODAY wins.
if (process.argv.includes('--test-clock')) process.env.FIRSTLINE_TODAY ??= TEST_DAY;
// Other content (test fixtures, the bench's generated notices) keeps its own content-layer cache,
// so entries of one never stand in for the other's in the next build.
const cacheDir =
  contentDir === './content'
    ? undefined
    : join(
        tmpdir(),
        `firstline-astro-${createHash('sha256').update(resolve(contentDir)).digest('hex').slice(0, 12)}`,
      );

/** `siteUrl` as written in community.yaml; the content check reports a file that cannot be read. */
function configuredSiteUrl() {
  try {
    return parse(readFileSync(`${contentDir}/community.yaml`, 'utf8'))?.siteUrl;
  } catch {
    return undefined;
  }
}

// `npm run build -- --production` is the build that goes to residents: it refuses to print
// posters whose QR codes lead nowhere (issue 9.1), or to ship an editor that saves to a Git host
// staff cannot reach (issue 13). Every other build is a local preview. A wrong CMS_* value stops
// any build here, with the one line the admin needs rather than a stack trace.
const siteUrl = configuredSiteUrl();
const production = process.argv.includes('--production');
const problems = [
  production ? productionAddressProblem(siteUrl) : undefined,
  editorProblem(process.env, { production }),
].filter(Boolean);
if (problems.length > 0) {
  for (const problem of problems) console.error(`\n构建停止：${problem}`);
  console.error('');
  process.exit(1);
}

// Pages search leads to: every public page that says something of its own. Left out are lists
// that repeat their notices, the search page itself, staff pages, the registration poster and
// the receipt and service-problem pages the Worker fills in, the offline fallback and the 404.
const UNSEARCHABLE =
  /^(?:index\.html|404\.html|(?:search|guides|notices|offline)\/index\.html|notices\/(?:\d+|category)\/.*|declare\/(?!index\.html).*|staff\/.*)$/;

const MAX_FRAGMENTS = 1000;

/** Pagefind's index of the searchable pages, written into dist/pagefind/ as the last build step. */
function searchIndex() {
  return {
    name: 'firstline-search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const pages = readdirSync(site, { recursive: true })
          .map((file) => String(file).split(sep).join('/'))
          .filter((file) => file.endsWith('.html') && !UNSEARCHABLE.test(file));
        // Past this many pages Pagefind bundles the per-page result files, so that the files
        // built stay about one per notice however many there are (issue 15.3).
        const { index, errors } = await createIndex({ maxFragments: MAX_FRAGMENTS });
        if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
        for (const file of pages) {
          const url = `/${file.replace(/index\.html$/, '')}`;
          const added = await index.addHTMLFile({
            url,
            content: readFileSync(join(site, file), 'utf8'),
          });
          if (added.errors.length) throw new Error(`Pagefind ${url}: ${added.errors.join('; ')}`);
        }
        const written = await index.writeFiles({ outputPath: join(site, 'pagefind') });
        if (written.errors.length) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
        await close();
        logger.info(`search index of ${pages.length} pages`);
      },
    },
  };
}

export default defineConfig({
  // The one public address (content/community.yaml siteUrl); a local preview without it.
  site: buildAddress(siteUrl, process.env.PORT),
  ...(cacheDir && { cacheDir }),
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'always' },
  integrations: [
    mdx(),
    preact(),
    // The declaration form hydrates on first use (src/islands/hydrate-on-interaction.ts).
    {
      name: 'firstline:client-interaction',
      hooks: {
        'astro:config:setup': ({ addClientDirective }) =>
          addClientDirective({
            name: 'interaction',
            entrypoint: './src/islands/hydrate-on-interaction.ts',
          }),
      },
    },
    // The registration poster, the Worker-filled pages (receipts, check-in links), staff, the
    // staff-only editor at /admin/ (issue 13) and the offline page are noindex.
    sitemap({
      filter: (page) => !/\/(poster|receipt|unavailable|staff|admin|checkin|offline)\/$/.test(page),
    }),
    searchIndex(),
  ],
  devToolbar: { enabled: false },
  // The editor at /admin/ is one ~2 MB module for staff PCs; public pages have their own budgets,
  // measured by npm run bench (PRODUCT.md §8), so Vite's generic 500 kB warning is raised here.
  vite: { build: { chunkSizeWarningLimit: 2600 } },
  prefetch: false,
  // No code blocks on public pages; Shiki's inline styles would also fight the CSP.
  markdown: { syntaxHighlight: false },
  // Hash-based CSP in a <meta> per page; frame-ancestors lives in public/_headers (PRODUCT.md §6).
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
      ],
      // Pagefind's search code is loaded from /pagefind/ and compiles its WebAssembly index.
      scriptDirective: {
        resources: ["'self'", "'wasm-unsafe-eval'"],
        // The blocking large-text script inlined by src/layouts/Base.astro.
        hashes: [preferencesScript().hash],
      },
    },
  },
});
