import type { Plugin } from 'esbuild';

/**
 * `entry` (relative to the repository root) bundled and minified, as a JavaScript response.
 * `format: 'esm'` for a module that loads another on demand with `import()`.
 */
export declare function bundledScript(
  entry: string,
  options?: { format?: 'iife' | 'esm'; banner?: string; plugins?: Plugin[] },
): Promise<Response>;
