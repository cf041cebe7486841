// Static site from content/: Preact islands only where a page needs them, CSS inlined so a
// content page arrives in one round trip (PRODUCT.md §8).
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { preferencesScript } from './scripts/inline-script.mjs';

export default defineConfig({
  // The public origin; production sets SITE_URL to the community's own domain (PRODUCT.md §4).
  site: process.env.SITE_URL ?? 'http://localhost:8787',
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
    // Posters and share pages repeat a notice for printing and forwarding; they are noindex.
    sitemap({ filter: (page) => !/\/(poster|share|receipt|unavailable|staff)\/$/.test(page) }),
  ],
  devToolbar: { enabled: false },
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
